package org.cortege.events;

import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cortege.groups.SupportGroup;
import org.cortege.people.Person;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Tokens;

/**
 * Calendar feeds: a group's actions, the movement's (with the listing's filters), one date (the
 * "add to my calendar" file), and each supporter's private feed of the dates they said they come
 * to, reached by a secret link they can replace or delete (only its hash is stored).
 */
@Singleton
public class CalendarService {

    /** Feeds show the last weeks too: a calendar keeps what happened. */
    static final Duration PAST = Duration.ofDays(90);
    static final int MAX_ITEMS = 2000;

    private static final String SELECT = "SELECT o.public_id, o.starts_at, o.ends_at, o.state, o.sequence, e.title, e.description_md, "
            + "e.all_day, e.online, e.online_url, e.address, e.postal_code, e.commune, e.slug, e.updated_at, g.name AS group_name "
            + "FROM event_occurrence o JOIN event e ON e.id = o.event_id JOIN support_group g ON g.id = o.group_id WHERE ";

    private final org.cortege.shared.Sql sql;
    private final CalendarFeedRepository feedRows;
    private final org.cortege.people.PersonService people;
    private final CalendarFeeds feeds;
    private final InstanceSettings settings;
    private final EventSearch search;

    CalendarService(org.cortege.shared.Sql sql, CalendarFeedRepository feedRows, org.cortege.people.PersonService people,
                    CalendarFeeds feeds, InstanceSettings settings, EventSearch search) {
        this.sql = sql;
        this.feedRows = feedRows;
        this.people = people;
        this.feeds = feeds;
        this.settings = settings;
        this.search = search;
    }

    String groupFeed(SupportGroup g) {
        List<CalendarFeeds.Item> items = query("o.state IN ('ON', 'CANCELLED') AND o.ends_at > ? AND (o.group_id = ? OR o.event_id IN "
                + "(SELECT event_id FROM event_cohost WHERE group_id = ? AND status = 'ACCEPTED')) ORDER BY o.starts_at LIMIT " + MAX_ITEMS,
                List.of(Timestamp.from(Instant.now().minus(PAST)), g.id(), g.id()));
        return feeds.write(g.name() + " — " + settings.organizationName(), items);
    }

    String movementFeed(EventSearch.Query q, Locale locale) {
        List<String> ids = search.search(q, locale).items().stream().map(EventSummary::occurrenceId).toList();
        return feeds.write(settings.organizationName(), byIds(ids));
    }

    String occurrenceFile(Occurrence o) {
        return feeds.write(settings.organizationName(), byIds(List.of(o.publicId())));
    }

    /** The private feed behind a secret link, if it exists. */
    Optional<String> personalFeed(String token) {
        if (!Tokens.looksLikeToken(token)) {
            return Optional.empty();
        }
        Optional<Long> person = personByToken(Tokens.hash(token));
        return person.map(id -> feeds.write(settings.organizationName(), query("o.state IN ('ON', 'CANCELLED') AND o.ends_at > ? "
                + "AND o.id IN (SELECT occurrence_id FROM event_rsvp WHERE person_id = ? AND status = 'CONFIRMED') "
                + "ORDER BY o.starts_at LIMIT " + MAX_ITEMS, List.of(Timestamp.from(Instant.now().minus(PAST)), id))));
    }

    /** A new secret link for the person's feed; the previous one stops working. Returns the feed's URL. */
    public String renewFeed(Person person) {
        String token = Tokens.newToken();
        feedRows.replace(person.id(), Tokens.hash(token), Instant.now());
        return feedUrl(token);
    }

    public void deleteFeed(Person person) {
        feedRows.deleteById(person.id());
    }

    /** When the person's feed link was made, if they have one. */
    public Optional<Instant> feedCreatedAt(Person person) {
        return feedRows.findById(person.id()).map(CalendarFeed::createdAt);
    }

    String feedUrl(String token) {
        return settings.publicUrl() + "/api/calendar/" + token + ".ics";
    }

    private List<CalendarFeeds.Item> byIds(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return query("o.state <> 'HIDDEN' AND o.public_id IN (" + "?,".repeat(ids.size() - 1) + "?) ORDER BY o.starts_at",
                new ArrayList<>(ids));
    }

    private List<CalendarFeeds.Item> query(String where, List<Object> params) {
        return sql.list(SELECT + where, params, rs -> {
            String location = rs.getBoolean("online") ? rs.getString("online_url")
                    : (rs.getString("address") == null ? "" : rs.getString("address") + ", ") + rs.getString("postal_code") + " "
                    + rs.getString("commune");
            return new CalendarFeeds.Item(rs.getString("public_id"), rs.getTimestamp("starts_at").toInstant(),
                    rs.getTimestamp("ends_at").toInstant(), rs.getBoolean("all_day"), !"ON".equals(rs.getString("state")),
                    rs.getInt("sequence"), rs.getString("title"), rs.getString("description_md"), location,
                    settings.publicUrl() + "/actions/" + rs.getString("slug"), rs.getString("group_name"),
                    rs.getTimestamp("updated_at").toInstant());
        });
    }

    /** The confirmed supporter a secret link belongs to (a banned or erased one's link answers nothing). */
    private Optional<Long> personByToken(String hash) {
        return feedRows.findByTokenHash(hash).map(CalendarFeed::personId)
                .filter(id -> people.findAny(id).filter(Person::isConfirmed).isPresent());
    }

    /** When the person's secret calendar feed was made (null: they have none). */
    public @io.micronaut.core.annotation.Nullable java.time.Instant feedCreatedAt(Long personId) {
        return feedRows.findById(personId).map(CalendarFeed::createdAt).orElse(null);
    }
}
