package org.cortege.referrals;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cortege.people.Person;
import org.cortege.people.SignedUp;
import org.cortege.people.SignupConfirmed;
import org.cortege.people.VisitSource;
import org.cortege.groups.MemberJoined;
import org.cortege.events.AnswerGiven;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Sql;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Who brought whom. Every supporter has a personal share code ({@code ?ref=} on any page of the site);
 * a sign-up made during a visit that followed such links keeps the first and the last one (first and
 * last touch) and the link's campaign tags ({@code signup_source}). A supporter is credited with the
 * confirmed sign-ups that came through their link, at either touch: "vous avez fait venir 12 personnes".
 * The person who signed up is never told whose link it was, and the referrer sees a count, no names.
 */
@Singleton
public class ReferralService {

    /** No 0/o, 1/i/l: a code read aloud or copied by hand stays right. 31⁸ ≈ 8.5 × 10¹¹ codes. */
    static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    static final int LENGTH = 8;

    private final Sql sql;
    private final InstanceSettings settings;
    private final org.cortege.groups.GroupService groups;
    private final org.cortege.people.PersonService people;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    ReferralService(Sql sql, InstanceSettings settings, org.cortege.groups.GroupService groups, org.cortege.people.PersonService people) {
        this.sql = sql;
        this.people = people;
        this.groups = groups;
        this.settings = settings;
    }

    /**
     * What "Mon espace" shows: the person's share code and its link (null until they make one), and what came through it:
     * confirmed sign-ups, group joins, confirmed answers to actions.
     */
    @Serdeable
    public record MyReferral(@Nullable String code, @Nullable String link, long brought, long joins, long answers) {
    }

    /** The person's share code, if they made one, and what their links brought. Reads only. */
    @Transactional(readOnly = true)
    public MyReferral mine(Person person) {
        return view(person.id(), existingCode(person.id()).orElse(null));
    }

    /**
     * Makes the person's share code if they have none (the same one is kept after), and returns it with what it
     * brought. A code is made only on the person's demand: viewing pages makes none.
     */
    @Transactional
    public MyReferral make(Person person) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<String> existing = existingCode(person.id());
            if (existing.isPresent()) {
                return view(person.id(), existing.get());
            }
            try {
                sql.update("INSERT INTO referral_code (person_id, code, created_at) VALUES (?, ?, ?)",
                        List.of(person.id(), newCode(), Timestamp.from(clock.instant())));
            } catch (RuntimeException e) {
                if (!org.cortege.shared.Retry.isDuplicateKey(e)) {
                    throw e;
                }
                // this person's code made at the same moment by another request, or a code another holds (one chance in
                // billions): the read above tells which
            }
        }
        throw new IllegalStateException("no share code could be made in five tries");
    }

    /**
     * Forgets the person's share code: links carrying it credit nobody from now on (what they brought stays counted). A
     * new code can be made after. Returns whether there was one.
     */
    @Transactional
    public boolean forget(Person person) {
        return sql.update("DELETE FROM referral_code WHERE person_id = ?", List.of(person.id())) > 0;
    }

    private MyReferral view(Long id, @Nullable String code) {
        return new MyReferral(code, code == null ? null : settings.publicUrl() + "/?ref=" + code, brought(id),
                sql.number("SELECT COUNT(*) FROM join_source WHERE first_referrer_id = ? OR last_referrer_id = ?", List.of(id, id)),
                sql.number("SELECT COUNT(*) FROM answer_source WHERE confirmed_at IS NOT NULL AND (first_referrer_id = ? OR last_referrer_id = ?)",
                        List.of(id, id)));
    }

    /** How many confirmed supporters signed up through the person's link (first or last touch). */
    @Transactional(readOnly = true)
    public long brought(Long personId) {
        return sql.number("SELECT COUNT(*) FROM signup_source WHERE confirmed_at IS NOT NULL AND (first_referrer_id = ? OR last_referrer_id = ?)",
                List.of(personId, personId));
    }

    private Optional<String> existingCode(Long personId) {
        return sql.list("SELECT code FROM referral_code WHERE person_id = ?", List.of(personId), rs -> rs.getString(1)).stream().findFirst();
    }

    String newCode() {
        char[] c = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            c[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(c);
    }

    /** A source with its codes read: who holds them (never the person themself), and its tags cleaned. */
    private record Resolved(boolean throughLink, @Nullable Long first, @Nullable Long last, @Nullable String utmSource,
                            @Nullable String utmMedium, @Nullable String utmCampaign) {
        boolean isEmpty() {
            return first == null && last == null && utmSource == null && utmMedium == null && utmCampaign == null;
        }

        List<Object> params(Object... before) {
            List<Object> p = new ArrayList<>(java.util.Arrays.asList(before));
            p.addAll(java.util.Arrays.asList(throughLink, first, last, utmSource, utmMedium, utmCampaign));
            return p;
        }
    }

    private Resolved resolve(VisitSource s, @Nullable Long self) {
        Map<String, Long> holders = holders(s.firstRef(), s.lastRef());
        Long first = s.firstRef() == null ? null : holders.get(s.firstRef());
        Long last = s.lastRef() == null ? null : holders.get(s.lastRef());
        first = first == null || first.equals(self) ? null : first;
        last = last == null || last.equals(self) ? null : last;
        return new Resolved(first != null || last != null, first, last, tag(s.utmSource()), tag(s.utmMedium()), tag(s.utmCampaign()));
    }

    /**
     * Keeps where a new sign-up came from, in its transaction. A code nobody holds (an erased supporter's,
     * a mistyped one) credits nobody; the campaign tags are kept all the same.
     */
    @EventListener
    void onSignedUp(SignedUp event) {
        Resolved r = resolve(event.source(), event.personId());
        if (!r.isEmpty()) {
            List<Object> params = r.params(event.personId(), event.signupToken());
            params.add(Timestamp.from(clock.instant()));
            sql.update("INSERT INTO signup_source (person_id, signup_token_id, through_link, first_referrer_id, last_referrer_id, utm_source, "
                    + "utm_medium, utm_campaign, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", params);
        }
    }

    /**
     * The sign-up counts from now on, if the link it mailed proved the address: a confirmation by another sign-up's link
     * (the address's owner signing up on their own later) or by a sign-in credits nobody.
     */
    @EventListener
    void onSignupConfirmed(SignupConfirmed event) {
        if (event.signupToken() != null) {
            sql.update("UPDATE signup_source SET confirmed_at = ? WHERE person_id = ? AND signup_token_id = ? AND confirmed_at IS NULL",
                    List.of(Timestamp.from(clock.instant()), event.personId(), event.signupToken()));
        }
    }

    /** Keeps where a group join came from (a supporter's own link credits nobody). */
    @EventListener
    void onMemberJoined(MemberJoined event) {
        if (event.source() == null || event.source().isEmpty()) {
            return;
        }
        Resolved r = resolve(event.source(), event.personId());
        if (!r.isEmpty()) {
            List<Object> params = r.params(event.groupId(), event.personId());
            params.add(Timestamp.from(clock.instant()));
            sql.update("INSERT INTO join_source (group_id, person_id, through_link, first_referrer_id, last_referrer_id, utm_source, "
                    + "utm_medium, utm_campaign, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE group_id = group_id", params);
        }
    }

    /**
     * Keeps where an answer came from (the first source given for it: an answer taken back and given again
     * keeps its first), and counts it once it holds.
     */
    @EventListener
    void onAnswerGiven(AnswerGiven event) {
        Instant now = clock.instant();
        if (event.source() != null && !event.source().isEmpty()) {
            Resolved r = resolve(event.source(), event.personId());
            if (!r.isEmpty()) {
                List<Object> params = r.params(event.rsvpId());
                params.add(Timestamp.from(now));
                sql.update("INSERT INTO answer_source (rsvp_id, through_link, first_referrer_id, last_referrer_id, utm_source, "
                        + "utm_medium, utm_campaign, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE rsvp_id = rsvp_id", params);
            }
        }
        if (event.confirmed()) {
            sql.update("UPDATE answer_source SET confirmed_at = ? WHERE rsvp_id = ? AND confirmed_at IS NULL",
                    List.of(Timestamp.from(now), event.rsvpId()));
        }
    }

    private Map<String, Long> holders(@Nullable String first, @Nullable String last) {
        List<String> codes = new ArrayList<>();
        for (String c : new String[] {first, last}) {
            if (c != null && c.length() == LENGTH && !codes.contains(c)) {
                codes.add(c);
            }
        }
        Map<String, Long> holders = new HashMap<>();
        if (!codes.isEmpty()) {
            sql.each("SELECT code, person_id FROM referral_code WHERE code IN (" + Sql.marks(codes.size()) + ")", codes,
                    rs -> holders.put(rs.getString(1), rs.getLong(2)));
        }
        return holders;
    }

    private static @Nullable String tag(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        return v.length() > 100 ? v.substring(0, 100) : v;
    }

    /** One of those whose link brought members to a group: a first name, never more. */
    @Serdeable
    public record Referrer(String firstName, long members) {
    }

    /**
     * Those whose share link brought the most members to the group (first or last touch), for its managers and
     * the admins: first names only, ten at most; people no longer confirmed (banned, erased) are left out.
     *
     * @throws ApiException 403 unless the person manages the group, 404 when there is no such group
     */
    @Transactional(readOnly = true)
    public List<Referrer> topReferrers(Person actor, String groupIdOrSlug) {
        org.cortege.groups.SupportGroup g = groups.find(groupIdOrSlug);
        if (!groups.canManage(actor, g)) {
            throw ApiException.of(io.micronaut.http.HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
        }
        record Row(Long referrer, long members) {
        }
        List<Row> rows = sql.list("SELECT referrer, COUNT(DISTINCT person_id) AS n FROM ("
                + "SELECT first_referrer_id AS referrer, person_id FROM join_source WHERE group_id = ? AND first_referrer_id IS NOT NULL "
                + "UNION SELECT last_referrer_id, person_id FROM join_source WHERE group_id = ? AND last_referrer_id IS NOT NULL) x "
                + "GROUP BY referrer ORDER BY n DESC, referrer LIMIT 20", List.of(g.id(), g.id()), rs -> new Row(rs.getLong(1), rs.getLong(2)));
        Map<Long, String> names = people.firstNames(rows.stream().map(Row::referrer).toList());
        return rows.stream().filter(r -> names.containsKey(r.referrer())).limit(10).map(r -> new Referrer(names.get(r.referrer()), r.members()))
                .toList();
    }

    /** What the person's export holds of this feature; empty when nothing. */
    @Transactional(readOnly = true)
    public Optional<Referrals> exportOf(Long personId) {
        record Code(String code, Instant at) {
        }
        Code made = sql.list("SELECT code, created_at FROM referral_code WHERE person_id = ?", List.of(personId),
                rs -> new Code(rs.getString(1), rs.getTimestamp(2).toInstant())).stream().findFirst().orElse(null);
        String code = made == null ? null : made.code();
        String columns = "through_link, utm_source, utm_medium, utm_campaign, created_at";
        Optional<Through> signup = sql.list("SELECT " + columns + ", confirmed_at, NULL FROM signup_source WHERE person_id = ?",
                List.of(personId), rs -> through(rs, null)).stream().findFirst();
        record Joined(Through through, Long groupId) {
        }
        List<Through> joins = sql.list("SELECT " + columns + ", created_at, group_id FROM join_source WHERE person_id = ? "
                + "ORDER BY created_at DESC LIMIT 5000", List.of(personId), rs -> new Joined(through(rs, null), rs.getLong(7))).stream()
                .map(j -> j.through().inGroup(groups.findById(j.groupId()).map(org.cortege.groups.SupportGroup::name).orElse(null))).toList();
        if (code == null && signup.isEmpty() && joins.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Referrals(code, code == null ? null : settings.publicUrl() + "/?ref=" + code, made == null ? null : made.at(),
                brought(personId), signup.orElse(null), joins));
    }

    private static Through through(java.sql.ResultSet rs, @Nullable String group) throws java.sql.SQLException {
        return new Through(rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), group);
    }

    /**
     * A person's share link and what it brought, where their own sign-up and their group joins came from (no referrer
     * named: whose link it was is the referrer's data). Their answers to actions are in the export's own list.
     */
    @Serdeable
    public record Referrals(@Nullable String code, @Nullable String link, @Nullable Instant codeCreatedAt, long brought,
                            @Nullable Through signedUpThrough, List<Through> groupJoinsThrough) {
    }

    /** Where one step came from: through a supporter's link or not, and the campaign tags. */
    @Serdeable
    public record Through(boolean supporterLink, @Nullable String utmSource, @Nullable String utmMedium,
                          @Nullable String utmCampaign, Instant at, @Nullable Instant confirmedAt, @Nullable String group) {
        Through inGroup(@Nullable String name) {
            return new Through(supporterLink, utmSource, utmMedium, utmCampaign, at, confirmedAt, name);
        }
    }
}
