package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortege.groups.GroupService;
import org.cortege.groups.MailPreferences;
import org.cortege.groups.MembershipService;
import org.cortege.groups.SupportGroup;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;
import org.cortege.shared.Sql;

/**
 * How each person wants to hear of each kind of news (kind × channel: the feed always, mail at once, in a daily
 * or weekly digest, or not) and the groups they muted (their news stay in the feed, without mail). No row: the
 * kind's default. A mandatory kind's mail stays on, muted group or not.
 */
@Singleton
public class NotificationPreferences implements MailPreferences {

    private static final int CHUNK = 1000;

    private final Sql sql;
    private final GroupService groups;
    private final MembershipService memberships;
    private final PersonService people;
    private final ActivityLinks links;

    NotificationPreferences(Sql sql, GroupService groups, MembershipService memberships, PersonService people, ActivityLinks links) {
        this.sql = sql;
        this.groups = groups;
        this.memberships = memberships;
        this.people = people;
        this.links = links;
    }

    /** The mail choice of each of these people for a kind (the default for those who made none). */
    Map<Long, MailChoice> choices(Collection<Long> personIds, ActivityKind kind) {
        return choicesOffered(personIds, kind);
    }

    private Map<Long, MailChoice> choicesOffered(Collection<Long> personIds, ActivityKind kind) {
        Map<Long, MailChoice> choices = new HashMap<>();
        for (Long id : personIds) {
            choices.put(id, kind.defaultMail);
        }
        if (kind.mandatory) {
            return choices;
        }
        for (List<Long> chunk : ActivityService.chunks(personIds)) {
            List<Object> params = new ArrayList<>();
            params.add(kind.key);
            params.addAll(chunk);
            sql.each("SELECT person_id, mail FROM notification_pref WHERE kind = ? AND person_id IN (" + Sql.marks(chunk.size()) + ")",
                    params, rs -> choices.put(rs.getLong(1), MailChoice.of(rs.getString(2)).filter(kind.mailChoices()::contains)
                            .orElse(kind.defaultMail)));
        }
        return choices;
    }

    /** Those among these people who want the kind pushed to their browsers (muted groups aside, but for mandatory kinds). */
    Set<Long> pushWanted(Collection<Long> personIds, ActivityKind kind, @Nullable Long groupId) {
        Set<Long> wanted = new HashSet<>();
        if (kind.defaultPush) {
            wanted.addAll(personIds);
        }
        for (List<Long> chunk : ActivityService.chunks(personIds)) {
            List<Object> params = new ArrayList<>();
            params.add(kind.key);
            params.addAll(chunk);
            sql.each("SELECT person_id, push FROM notification_pref WHERE kind = ? AND person_id IN (" + Sql.marks(chunk.size()) + ")",
                    params, rs -> {
                        if (rs.getBoolean(2)) {
                            wanted.add(rs.getLong(1));
                        } else {
                            wanted.remove(rs.getLong(1));
                        }
                    });
        }
        if (!kind.mandatory) {
            wanted.removeAll(mutedAmong(wanted, groupId));
        }
        return wanted;
    }

    /** Those who asked for a kind one must opt in to (a mail choice other than off, or push), at most {@code limit}. */
    List<Long> optedIn(ActivityKind kind, int limit) {
        return sql.list("SELECT person_id FROM notification_pref WHERE kind = ? AND (mail <> 'off' OR push) ORDER BY person_id LIMIT " + limit,
                List.of(kind.key), rs -> rs.getLong(1));
    }

    /** Those among these people who muted the group. */
    Set<Long> mutedAmong(Collection<Long> personIds, @Nullable Long groupId) {
        Set<Long> muted = new HashSet<>();
        if (groupId == null) {
            return muted;
        }
        for (List<Long> chunk : ActivityService.chunks(personIds)) {
            List<Object> params = new ArrayList<>();
            params.add(groupId);
            params.addAll(chunk);
            sql.each("SELECT person_id FROM group_mute WHERE group_id = ? AND person_id IN (" + Sql.marks(chunk.size()) + ")", params,
                    rs -> muted.add(rs.getLong(1)));
        }
        return muted;
    }

    @Override
    public Set<Long> mailNowAmong(Collection<Long> personIds, Long groupId, String kind) {
        ActivityKind k = ActivityKind.of(kind).orElseThrow();
        Set<Long> now = new HashSet<>();
        choices(personIds, k).forEach((id, c) -> {
            if (k.mandatory || c == MailChoice.IMMEDIATE) {
                now.add(id);
            }
        });
        if (!k.mandatory) {
            now.removeAll(mutedAmong(now, groupId));
        }
        return now;
    }

    @Override
    public String stopPage(String personPublicId, String kind) {
        return links.stopPage(personPublicId, kind);
    }

    /** One kind as its settings page shows it. */
    @Serdeable
    public record KindView(String kind, String mail, List<String> mailChoices, boolean push, boolean mandatory, boolean forManagers) {
    }

    /** A group whose news come without mail. */
    @Serdeable
    public record MutedGroup(String id, String slug, String name) {
    }

    /** A person's choices: every kind, the groups they muted, and in how many browsers they turned push on. */
    @Serdeable
    public record View(List<KindView> kinds, List<MutedGroup> muted, long pushBrowsers) {
    }

    /** What the person chose (or the defaults). */
    @Transactional(readOnly = true)
    public View view(Person person) {
        return viewOf(person.id());
    }

    /** A person's choices, by id (their export). */
    public View viewOf(Long personId) {
        List<KindView> kinds = new ArrayList<>();
        for (ActivityKind k : ActivityKind.values()) {
            kinds.add(new KindView(k.key, choices(List.of(personId), k).get(personId).key, k.mailChoices().stream().map(c -> c.key).toList(),
                    pushWanted(List.of(personId), k, null).contains(personId), k.mandatory, k.forManagers));
        }
        List<MutedGroup> muted = new ArrayList<>();
        for (Long groupId : sql.list("SELECT group_id FROM group_mute WHERE person_id = ? ORDER BY created_at", List.of(personId),
                rs -> rs.getLong(1))) {
            groups.findById(groupId).ifPresent(g -> muted.add(new MutedGroup(g.publicId(), g.slug(), g.name())));
        }
        return new View(kinds, muted, sql.number("SELECT COUNT(*) FROM push_subscription WHERE person_id = ?", List.of(personId)));
    }

    /**
     * Sets how the person hears of a kind: by mail ({@code mail}), in their browsers ({@code push}); a null keeps the
     * current choice.
     *
     * @throws ApiException 404 for an unknown kind, 400 for an unknown choice, for neither, or for turning a mandatory
     *                      kind's mail off
     */
    @Transactional
    public View choose(Person person, String kind, @Nullable String mail, @Nullable Boolean push) {
        ActivityKind k = ActivityKind.of(kind == null ? "" : kind)
                .orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "unknown-kind", "problem.unknownNotificationKind"));
        if (mail == null && push == null) {
            throw ApiException.invalidField("mail", "validation.mailChoice");
        }
        MailChoice choice = mail == null ? choices(List.of(person.id()), k).get(person.id())
                : MailChoice.of(mail).orElseThrow(() -> ApiException.invalidField("mail", "validation.mailChoice"));
        if (k.mandatory && choice != MailChoice.IMMEDIATE) {
            throw ApiException.invalidField("mail", "validation.mandatoryNotification");
        }
        if (!k.mailChoices().contains(choice)) {
            throw ApiException.invalidField("mail", "validation.reportNotImmediate");
        }
        boolean pushed = push != null ? push : pushWanted(List.of(person.id()), k, null).contains(person.id());
        save(person.id(), k, choice, pushed);
        return view(person);
    }

    private void save(Long personId, ActivityKind k, MailChoice choice, boolean push) {
        sql.update("INSERT INTO notification_pref (person_id, kind, mail, push, updated_at) VALUES (?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE mail = VALUES(mail), push = VALUES(push), updated_at = VALUES(updated_at)",
                List.of(personId, k.key, choice.key, push, Timestamp.from(Instant.now())));
    }

    /** Turns a kind's mail off, keeping its push choice. */
    private void mailOff(Long personId, ActivityKind k) {
        save(personId, k, MailChoice.OFF, pushWanted(List.of(personId), k, null).contains(personId));
    }

    /**
     * Mutes or unmutes one of the person's groups.
     *
     * @throws ApiException 404 for an unknown group, 409 when the person is not a member of it
     */
    @Transactional
    public View mute(Person person, String groupIdOrSlug, boolean muted) {
        SupportGroup g = groups.find(groupIdOrSlug);
        if (muted) {
            if (!memberships.isMember(person.id(), g.id())) {
                throw ApiException.of(HttpStatus.CONFLICT, "not-member", "problem.muteNotMember");
            }
            sql.update("INSERT IGNORE INTO group_mute (person_id, group_id, created_at) VALUES (?, ?, ?)",
                    List.of(person.id(), g.id(), Timestamp.from(Instant.now())));
        } else {
            sql.update("DELETE FROM group_mute WHERE person_id = ? AND group_id = ?", List.of(person.id(), g.id()));
        }
        return view(person);
    }

    /** Whether the person muted the group. */
    public boolean muted(Person person, Long groupId) {
        return mutedAmong(List.of(person.id()), groupId).contains(person.id());
    }

    /** What a signed stop link turned off, to say it on its page. */
    @Serdeable
    public record Stopped(String kind, List<String> kinds) {
    }

    /**
     * Turns off the mail of the link's kind (a digest's link: every kind that went to digests) for the person the
     * link was made for. Idempotent: a mail client's one-click POST and the page's button may both come.
     *
     * @throws ApiException 400 on a link that is not one of ours (or names a kind whose mail cannot be turned off)
     */
    @Transactional
    public Stopped stop(@Nullable String personPublicId, @Nullable String kind, @Nullable String signature) {
        if (personPublicId == null || personPublicId.length() > 24 || kind == null || kind.length() > 32
                || !links.verify(personPublicId, kind, signature)) {
            throw ApiException.of(HttpStatus.BAD_REQUEST, "invalid-link", "problem.stopLink");
        }
        Person person = people.findByPublicId(personPublicId).orElse(null);
        List<String> stopped = new ArrayList<>();
        if (ActivityLinks.DIGEST.equals(kind)) {
            for (ActivityKind k : ActivityKind.values()) {
                MailChoice c = person == null ? null : choices(List.of(person.id()), k).get(person.id());
                if (!k.mandatory && (c == MailChoice.DAILY || c == MailChoice.WEEKLY)) {
                    mailOff(person.id(), k);
                    stopped.add(k.key);
                }
            }
            if (person != null) {
                sql.update("UPDATE activity SET mail_state = 0 WHERE person_id = ? AND mail_state IN (1, 2)", List.of(person.id()));
            }
        } else {
            ActivityKind k = ActivityKind.of(kind).filter(x -> !x.mandatory)
                    .orElseThrow(() -> ApiException.of(HttpStatus.BAD_REQUEST, "invalid-link", "problem.stopLink"));
            if (person != null) {
                mailOff(person.id(), k);
                sql.update("UPDATE activity SET mail_state = 0 WHERE person_id = ? AND kind = ? AND mail_state IN (1, 2)",
                        List.of(person.id(), k.key));
            }
            stopped.add(k.key);
        }
        return new Stopped(kind, stopped);
    }
}
