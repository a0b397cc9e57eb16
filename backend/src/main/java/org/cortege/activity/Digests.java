package org.cortege.activity;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cortege.groups.GroupService;
import org.cortege.mail.MailMessage;
import org.cortege.mail.MailService;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Sql;

/**
 * The daily and weekly digests: one mail per person gathering the news owed to it since their last one, built in
 * their language, queued in the outbox at the movement's rate (bulk priority). A daily digest gathers what came
 * before the last {@code cortege.activity.digest-hour} (7 h by default, the movement's time zone); a weekly one
 * what came before the last Monday at that hour.
 *
 * <p>Exactly once across nodes: the job locks each person's {@code activity_digest} row ({@code SKIP LOCKED}: a
 * person another node is doing is left to it), then reads what is owed with a locking read (the latest committed
 * state, whatever the isolation level), marks it mailed and queues the mail in the same transaction. On
 * Galera with writes on two nodes, the second one's commit conflicts on these rows and rolls back: nothing sent.
 */
@Singleton
public class Digests {

    private static final int PEOPLE_PER_RUN = 100;
    private static final int LINES = 30;

    private final Sql sql;
    private final PersonService people;
    private final GroupService groups;
    private final MailService mail;
    private final ActivityLinks links;
    private final ActivityService activity;
    private final NotificationPreferences preferences;
    private final InstanceSettings settings;
    private final int hour;

    Digests(Sql sql, PersonService people, GroupService groups, MailService mail, ActivityLinks links, ActivityService activity,
            NotificationPreferences preferences, InstanceSettings settings, @Value("${cortege.activity.digest-hour:7}") int hour) {
        this.sql = sql;
        this.people = people;
        this.groups = groups;
        this.mail = mail;
        this.links = links;
        this.activity = activity;
        this.preferences = preferences;
        this.settings = settings;
        this.hour = Math.max(0, Math.min(23, hour));
    }

    /** The last daily boundary at or before {@code now}. */
    Instant dailyCut(Instant now) {
        ZonedDateTime z = now.atZone(settings.timeZone());
        ZonedDateTime cut = z.toLocalDate().atTime(LocalTime.of(hour, 0)).atZone(settings.timeZone());
        return (cut.isAfter(z) ? cut.minusDays(1) : cut).toInstant();
    }

    /** The last weekly boundary (Monday) at or before {@code now}. */
    Instant weeklyCut(Instant now) {
        ZonedDateTime z = now.atZone(settings.timeZone());
        ZonedDateTime cut = z.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atTime(LocalTime.of(hour, 0))
                .atZone(settings.timeZone());
        return (cut.isAfter(z) ? cut.minusWeeks(1) : cut).toInstant();
    }

    /** Makes the lock row of each person owed a digest who has none yet (its own short transaction). */
    @Transactional
    public int prepare() {
        return sql.update("INSERT IGNORE INTO activity_digest (person_id) SELECT DISTINCT a.person_id FROM activity a "
                + "LEFT JOIN activity_digest d ON d.person_id = a.person_id WHERE a.mail_state IN (1, 2) AND d.person_id IS NULL", List.of());
    }

    /** Sends every digest due at {@code now}, a hundred people a transaction, until none is left; returns how many were queued. */
    public int sendAllDue(Instant now) {
        int total = 0;
        int sent;
        do {
            sent = sendDue(now);
            total += sent;
        } while (sent > 0);
        return total;
    }

    /** Sends the digests due at {@code now} of up to 100 people; returns how many were queued. */
    @Transactional
    public int sendDue(Instant now) {
        Timestamp daily = Timestamp.from(dailyCut(now));
        Timestamp weekly = Timestamp.from(weeklyCut(now));
        List<Long> candidates = sql.list("SELECT DISTINCT person_id FROM activity WHERE (mail_state = 1 AND created_at < ?) "
                + "OR (mail_state = 2 AND created_at < ?) ORDER BY person_id LIMIT " + PEOPLE_PER_RUN, List.of(daily, weekly), rs -> rs.getLong(1));
        if (candidates.isEmpty()) {
            return 0;
        }
        List<Long> mine = sql.list("SELECT person_id FROM activity_digest WHERE person_id IN (" + Sql.marks(candidates.size())
                + ") ORDER BY person_id FOR UPDATE SKIP LOCKED", candidates, rs -> rs.getLong(1));
        int sent = 0;
        for (Long personId : mine) {
            if (digest(personId, daily, weekly, now)) {
                sent++;
            }
        }
        return sent;
    }

    private record Owed(long id, ActivityKind kind, Long groupId, Long actorId, String subject, Timestamp startsAt, String link) {
    }

    private boolean digest(Long personId, Timestamp daily, Timestamp weekly, Instant now) {
        List<Owed> owed = sql.list("SELECT id, kind, group_id, actor_id, subject, starts_at, link FROM activity WHERE person_id = ? AND "
                + "((mail_state = 1 AND created_at < ?) OR (mail_state = 2 AND created_at < ?)) ORDER BY id FOR UPDATE",
                List.of(personId, daily, weekly), rs -> new Owed(rs.getLong(1), ActivityKind.of(rs.getString(2)).orElse(null),
                        rs.getObject(3, Long.class), rs.getObject(4, Long.class), rs.getString(5), rs.getTimestamp(6), rs.getString(7)));
        if (owed.isEmpty()) {
            return false; // another node sent it a moment ago
        }
        List<Object> ids = new ArrayList<>();
        owed.forEach(o -> ids.add(o.id()));
        List<Object> params = new ArrayList<>();
        params.add(Timestamp.from(now));
        params.addAll(ids);
        sql.update("UPDATE activity SET mail_state = 3, mailed_at = ? WHERE id IN (" + Sql.marks(ids.size()) + ") AND mail_state IN (1, 2)",
                params);
        sql.update("UPDATE activity_digest SET last_sent_at = ? WHERE person_id = ?", List.of(Timestamp.from(now), personId));
        List<Person> found = people.confirmedAmong(List.of(personId));
        if (found.isEmpty()) {
            return false; // no longer someone to write to (banned, gone): the news stay in the feed
        }
        Person p = found.get(0);
        Locale locale = ActivityService.localeOf(p.locale());
        // what the person turned off or muted since stays out
        Map<ActivityKind, MailChoice> choices = new HashMap<>();
        StringBuilder body = new StringBuilder();
        int lines = 0;
        Map<Long, String> groupNames = new HashMap<>();
        Set<Long> actorIds = new java.util.HashSet<>();
        owed.forEach(o -> {
            if (o.actorId() != null) {
                actorIds.add(o.actorId());
            }
        });
        Map<Long, String> actors = people.firstNames(actorIds);
        for (Owed o : owed) {
            if (o.kind() == null) {
                continue;
            }
            MailChoice c = choices.computeIfAbsent(o.kind(), k -> preferences.choices(List.of(personId), k).get(personId));
            if (c == MailChoice.OFF || (!o.kind().mandatory && preferences.mutedAmong(List.of(personId), o.groupId()).contains(personId))) {
                continue;
            }
            if (lines++ >= LINES) {
                continue; // counted in "and N more in your feed"
            }
            String group = o.groupId() == null ? "" : groupNames.computeIfAbsent(o.groupId(),
                    g -> groups.findById(g).map(x -> x.name()).orElse(""));
            String actor = o.actorId() == null ? null : actors.get(o.actorId());
            body.append("• ").append(activity.line(o.kind().key, locale, p.firstName(), o.subject(), actor,
                    o.startsAt() == null ? null : o.startsAt().toInstant(), group))
                    .append("\n  ").append(links.link(o.link())).append('\n');
        }
        if (lines == 0) {
            return false;
        }
        if (lines > LINES) {
            body.append(mail.phrase("digest.more", locale, lines - LINES)).append('\n');
        }
        mail.enqueueBulk(new MailMessage(p.email(), p.id(), "activity-digest", locale, new Object[] {p.firstName(), lines},
                links.link("/mon-espace"), null, false, null, null, body.toString().stripTrailing(),
                links.stopPost(p.publicId(), ActivityLinks.DIGEST), null).withStop(links.stopPage(p.publicId(), ActivityLinks.DIGEST)));
        return true;
    }
}
