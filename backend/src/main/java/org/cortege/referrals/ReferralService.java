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
import org.cortege.people.SignupSource;
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
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    ReferralService(Sql sql, InstanceSettings settings) {
        this.sql = sql;
        this.settings = settings;
    }

    /** What "Mon espace" shows: the person's share code (made at the first ask), its link, and how many came through it. */
    @Serdeable
    public record MyReferral(String code, String link, long brought) {
    }

    /** The person's share code and what it brought. */
    @Transactional
    public MyReferral mine(Person person) {
        String code = codeOf(person.id());
        return new MyReferral(code, settings.publicUrl() + "/?ref=" + code, brought(person.id()));
    }

    /** How many confirmed supporters signed up through the person's link (first or last touch). */
    @Transactional(readOnly = true)
    public long brought(Long personId) {
        return sql.number("SELECT COUNT(*) FROM signup_source WHERE confirmed_at IS NOT NULL AND (first_referrer_id = ? OR last_referrer_id = ?)",
                List.of(personId, personId));
    }

    private String codeOf(Long personId) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<String> existing = existingCode(personId);
            if (existing.isPresent()) {
                return existing.get();
            }
            // IGNORE: a code already taken by someone else (a chance of one in billions), or this person's code made at
            // the same moment by another request; the read above tells which.
            sql.update("INSERT IGNORE INTO referral_code (person_id, code, created_at) VALUES (?, ?, ?)",
                    List.of(personId, newCode(), Timestamp.from(clock.instant())));
        }
        return existingCode(personId).orElseThrow(() -> new IllegalStateException("no share code could be made"));
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

    /**
     * Keeps where a new sign-up came from, in its transaction. A code nobody holds (an erased supporter's,
     * a mistyped one) credits nobody; the campaign tags are kept all the same.
     */
    @EventListener
    void onSignedUp(SignedUp event) {
        SignupSource s = event.source();
        Map<String, Long> holders = holders(s.firstRef(), s.lastRef());
        Long first = s.firstRef() == null ? null : holders.get(s.firstRef());
        Long last = s.lastRef() == null ? null : holders.get(s.lastRef());
        List<Object> params = new ArrayList<>();
        params.add(event.personId());
        params.add(first);
        params.add(last);
        params.add(tag(s.utmSource()));
        params.add(tag(s.utmMedium()));
        params.add(tag(s.utmCampaign()));
        params.add(Timestamp.from(clock.instant()));
        if (first == null && last == null && params.subList(3, 6).stream().allMatch(java.util.Objects::isNull)) {
            return;
        }
        sql.update("INSERT INTO signup_source (person_id, first_referrer_id, last_referrer_id, utm_source, utm_medium, utm_campaign, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", params);
    }

    /** The sign-up counts from now on (once: a second confirmation of the same person changes nothing). */
    @EventListener
    void onSignupConfirmed(SignupConfirmed event) {
        sql.update("UPDATE signup_source SET confirmed_at = ? WHERE person_id = ? AND confirmed_at IS NULL",
                List.of(Timestamp.from(clock.instant()), event.personId()));
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

    /** What the person's export holds of this feature; empty when nothing. */
    @Transactional(readOnly = true)
    public Optional<Referrals> exportOf(Long personId) {
        record Code(String code, Instant at) {
        }
        Code made = sql.list("SELECT code, created_at FROM referral_code WHERE person_id = ?", List.of(personId),
                rs -> new Code(rs.getString(1), rs.getTimestamp(2).toInstant())).stream().findFirst().orElse(null);
        String code = made == null ? null : made.code();
        Optional<SignedUpThrough> through = sql.list("SELECT first_referrer_id IS NOT NULL OR last_referrer_id IS NOT NULL, utm_source, "
                + "utm_medium, utm_campaign, created_at, confirmed_at FROM signup_source WHERE person_id = ?", List.of(personId),
                rs -> new SignedUpThrough(rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant())).stream().findFirst();
        if (code == null && through.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Referrals(code, code == null ? null : settings.publicUrl() + "/?ref=" + code, made == null ? null : made.at(),
                brought(personId), through.orElse(null)));
    }

    /** A person's share link and what it brought, and where their own sign-up came from (no referrer named). */
    @Serdeable
    public record Referrals(@Nullable String code, @Nullable String link, @Nullable Instant codeCreatedAt, long brought,
                            @Nullable SignedUpThrough signedUpThrough) {
    }

    /** The source of the person's own sign-up: through a supporter's link or not (whose is the referrer's data), and its campaign tags. */
    @Serdeable
    public record SignedUpThrough(boolean supporterLink, @Nullable String utmSource, @Nullable String utmMedium,
                                  @Nullable String utmCampaign, Instant at, @Nullable Instant confirmedAt) {
    }
}
