package org.cortege.activity;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
import org.cortege.shared.Messages;
import org.cortege.shared.Sql;

/**
 * Each person's feed: what happened that concerns them, written once per person in the transaction of what
 * happened, read and marked read on "Mon espace" and counted by the bell. Writing a row also decides its mail:
 * sent at once (queued in the outbox in the same transaction), owed to the daily or weekly digest
 * ({@link Digests}), or none (the feed only, a muted group, a kind mailed by its own feature). Rows are kept
 * {@code cortege.activity.keep} (90 days by default) and go with their person or with whoever they name.
 */
@Singleton
public class ActivityService {

    private static final int MAX_PAGE = 50;

    private final Sql sql;
    private final NotificationPreferences preferences;
    private final PersonService people;
    private final GroupService groups;
    private final MailService mail;
    private final ActivityLinks links;
    private final InstanceSettings settings;
    private final PushDeliveries pushes;
    private final Duration keep;

    ActivityService(Sql sql, NotificationPreferences preferences, PersonService people, GroupService groups, MailService mail,
                    ActivityLinks links, InstanceSettings settings, PushDeliveries pushes,
                    @Value("${cortege.activity.keep:90d}") Duration keep) {
        this.pushes = pushes;
        this.sql = sql;
        this.preferences = preferences;
        this.people = people;
        this.groups = groups;
        this.mail = mail;
        this.links = links;
        this.settings = settings;
        this.keep = keep;
    }

    /** What happened, for one feed row (and its mail). */
    record News(ActivityKind kind, @Nullable Long groupId, @Nullable Long actorId, String subject, @Nullable Instant startsAt,
                String link) {
    }

    /**
     * Writes the news in the feed of each recipient but its actor, and queues the mails owed now, in the caller's
     * transaction. Returns how many feeds got it.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    int record(News news, Collection<Long> recipients) {
        Set<Long> to = new LinkedHashSet<>(recipients);
        to.remove(null);
        if (news.actorId() != null) {
            to.remove(news.actorId());
        }
        if (to.isEmpty()) {
            return 0;
        }
        ActivityKind kind = news.kind();
        if (kind.coalesced()) {
            to.removeAll(toldToday(news, to));
            if (to.isEmpty()) {
                return 0;
            }
        }
        Map<Long, MailChoice> choices = preferences.choices(to, kind);
        Set<Long> muted = kind.mandatory ? Set.of() : preferences.mutedAmong(to, news.groupId());
        List<Long> mailNow = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as stored: the pushes find their rows by it
        List<List<Object>> rows = new ArrayList<>();
        for (Long personId : to) {
            MailChoice choice = muted.contains(personId) ? MailChoice.OFF : choices.get(personId);
            int state = choice.owedState;
            if (choice == MailChoice.IMMEDIATE && !kind.mailedByOwner) {
                mailNow.add(personId);
                state = 3;
            }
            rows.add(java.util.Arrays.asList(personId, kind.key, news.groupId(), news.actorId(), clip(news.subject()),
                    news.startsAt() == null ? null : Timestamp.from(news.startsAt()), news.link(), Timestamp.from(now), state,
                    state == 3 ? Timestamp.from(now) : null));
        }
        sql.batch("INSERT INTO activity (person_id, kind, group_id, actor_id, subject, starts_at, link, created_at, mail_state, mailed_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        if (!mailNow.isEmpty()) {
            mailNow(news, mailNow);
        }
        pushes.owe(preferences.pushWanted(to, kind, news.groupId()), kind, clip(news.subject()), Timestamp.from(now));
        return to.size();
    }

    /** Those among the recipients told the same news (kind, group, who, what) in the last day. */
    private Set<Long> toldToday(News news, Collection<Long> recipients) {
        Set<Long> told = new java.util.HashSet<>();
        for (List<Long> chunk : chunks(recipients)) {
            List<Object> params = new ArrayList<>(java.util.Arrays.asList(news.kind().key, news.groupId(), news.actorId(), clip(news.subject()),
                    Timestamp.from(Instant.now().minus(Duration.ofDays(1)))));
            params.addAll(chunk);
            sql.each("SELECT person_id FROM activity WHERE kind = ? AND group_id <=> ? AND actor_id <=> ? AND subject = ? AND created_at > ? "
                    + "AND person_id IN (" + Sql.marks(chunk.size()) + ")", params, rs -> told.add(rs.getLong(1)));
        }
        return told;
    }

    private void mailNow(News news, List<Long> personIds) {
        String actor = news.actorId() == null ? null : people.firstNames(List.of(news.actorId())).get(news.actorId());
        String groupName = news.groupId() == null ? "" : groups.findById(news.groupId()).map(g -> g.name()).orElse("");
        for (Person p : people.confirmedAmong(personIds)) {
            Locale locale = localeOf(p.locale());
            Object[] args = words(locale, p.firstName(), news.subject(), actor, news.startsAt(), groupName);
            String template = "activity-" + news.kind().key;
            MailMessage m = news.kind().mandatory
                    ? new MailMessage(p.email(), p.id(), template, locale, args, links.link(news.link()), null, true)
                    : new MailMessage(p.email(), p.id(), template, locale, args, links.link(news.link()), null, false, null, null, null,
                            links.stopPost(p.publicId(), news.kind().key), null).withStop(links.stopPage(p.publicId(), news.kind().key));
            mail.enqueueBulk(m);
        }
    }

    /**
     * The words of an entry for its mails, digests and pushes ({0} the reader's first name, {1} the subject, {2} who,
     * "someone" when nobody is named, {3} when, {4} the group), as every {@code activity-*} template and {@code digest.*}
     * line of the mails' words takes them.
     */
    Object[] words(Locale locale, String firstName, String subject, @Nullable String actor, @Nullable Instant startsAt, String group) {
        return new Object[] {firstName, subject, actor == null ? mail.phrase("digest.someone", locale) : actor, when(startsAt, locale), group};
    }

    /** An entry in one sentence (a digest's line, a push's text). */
    String line(String kind, Locale locale, String firstName, String subject, @Nullable String actor, @Nullable Instant startsAt,
                String group) {
        return mail.phrase("digest." + kind, locale, words(locale, firstName, subject, actor, startsAt, group));
    }

    /** Ids in slices of a thousand, for the {@code IN (…)} of a statement. */
    static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> all = new ArrayList<>(ids);
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 1000) {
            chunks.add(all.subList(i, Math.min(all.size(), i + 1000)));
        }
        return chunks;
    }

    static Locale localeOf(@Nullable String tag) {
        return tag != null && tag.startsWith("en") ? Messages.ENGLISH : Messages.FRENCH;
    }

    private static final DateTimeFormatter FR = DateTimeFormatter.ofPattern("EEEE d MMMM 'à' H'\u00a0h\u00a0'mm", Locale.FRENCH);
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("EEEE d MMMM 'at' HH:mm", Locale.ENGLISH);

    /** "samedi 20 mars à 10 h 00" in the movement's time zone, or nothing. */
    String when(@Nullable Instant at, Locale locale) {
        if (at == null) {
            return "";
        }
        ZonedDateTime z = at.atZone(settings.timeZone());
        return (Messages.ENGLISH.equals(locale) ? EN : FR).format(z);
    }

    private static String clip(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() <= 300 ? t : t.substring(0, 299) + "…";
    }

    /** One entry of a feed. */
    @Serdeable
    public record Entry(long id, String kind, String subject, @Nullable String actor, @Nullable String group, @Nullable Instant startsAt,
                        String link, Instant at, boolean read) {
    }

    /** A page of a feed, the newest first; {@code next} is the {@code before} of the following page, null at the end. */
    @Serdeable
    public record Page(List<Entry> items, long unread, @Nullable Long next) {
    }

    /** The person's feed, newest first, {@code size} (at most 50) entries older than {@code before}. Reads only. */
    @Transactional(readOnly = true)
    public Page feed(Person person, @Nullable Long before, int size) {
        int n = Math.max(1, Math.min(MAX_PAGE, size));
        List<Object[]> rows = sql.list("SELECT id, kind, group_id, actor_id, subject, starts_at, link, created_at, read_at FROM activity "
                + "WHERE person_id = ? AND id < ? ORDER BY id DESC LIMIT ?", List.of(person.id(), before == null ? Long.MAX_VALUE : before, n + 1),
                rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class), rs.getObject(4, Long.class), rs.getString(5),
                        rs.getTimestamp(6), rs.getString(7), rs.getTimestamp(8), rs.getTimestamp(9)});
        boolean more = rows.size() > n;
        List<Object[]> shown = more ? rows.subList(0, n) : rows;
        Set<Long> actorIds = new LinkedHashSet<>();
        Set<Long> groupIds = new LinkedHashSet<>();
        for (Object[] r : shown) {
            if (r[3] != null) {
                actorIds.add((Long) r[3]);
            }
            if (r[2] != null) {
                groupIds.add((Long) r[2]);
            }
        }
        Map<Long, String> actors = people.firstNames(actorIds);
        Map<Long, String> groupNames = new HashMap<>();
        for (Long g : groupIds) {
            groups.findById(g).ifPresent(x -> groupNames.put(g, x.name()));
        }
        List<Entry> items = new ArrayList<>();
        for (Object[] r : shown) {
            items.add(new Entry((Long) r[0], (String) r[1], (String) r[4], r[3] == null ? null : actors.get((Long) r[3]),
                    r[2] == null ? null : groupNames.get((Long) r[2]), r[5] == null ? null : ((Timestamp) r[5]).toInstant(), (String) r[6],
                    ((Timestamp) r[7]).toInstant(), r[8] != null));
        }
        return new Page(items, unread(person), more ? (Long) shown.get(shown.size() - 1)[0] : null);
    }

    /** How many entries the person has not read (the bell's figure). */
    public long unread(Person person) {
        return sql.number("SELECT COUNT(*) FROM activity WHERE person_id = ? AND read_at IS NULL", List.of(person.id()));
    }

    /** Marks the person's entries read, up to {@code upTo} (all when null); returns what is left unread. */
    @Transactional
    public long markRead(Person person, @Nullable Long upTo) {
        sql.update("UPDATE activity SET read_at = ? WHERE person_id = ? AND read_at IS NULL AND id <= ?",
                List.of(Timestamp.from(Instant.now()), person.id(), upTo == null ? Long.MAX_VALUE : upTo));
        return unread(person);
    }

    /** Forgets entries older than the kept time; returns how many. */
    @Transactional
    public int purge(Instant now) {
        return sql.update("DELETE FROM activity WHERE created_at < ? LIMIT 10000", List.of(Timestamp.from(now.minus(keep))));
    }

    /** One entry as the person's export shows it. */
    @Serdeable
    public record Exported(String kind, String subject, @Nullable Instant startsAt, Instant at, @Nullable Instant readAt) {
    }

    /** A person's feed for their export, the newest first, at most {@code limit}; and their choices. */
    public List<Exported> feedOf(Long personId, int limit) {
        return sql.list("SELECT kind, subject, starts_at, created_at, read_at FROM activity WHERE person_id = ? ORDER BY id DESC LIMIT ?",
                List.of(personId, limit), rs -> new Exported(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()));
    }
}
