package org.cortege.events;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
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

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    /** Feeds show the last weeks too: a calendar keeps what happened. */
    static final Duration PAST = Duration.ofDays(90);
    static final int MAX_ITEMS = 2000;

    private static final String SELECT = "SELECT o.public_id, o.starts_at, o.ends_at, o.state, o.sequence, e.title, e.description_md, "
            + "e.all_day, e.online, e.online_url, e.address, e.postal_code, e.commune, e.slug, e.updated_at, g.name AS group_name "
            + "FROM event_occurrence o JOIN event e ON e.id = o.event_id JOIN support_group g ON g.id = o.group_id WHERE ";

    private final DataSource dataSource;
    private final CalendarFeeds feeds;
    private final InstanceSettings settings;
    private final EventSearch search;

    CalendarService(DataSource dataSource, CalendarFeeds feeds, InstanceSettings settings, EventSearch search, org.cortege.shared.Sql personalSql) {
        this.personalSql = personalSql;
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
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
        update("INSERT INTO calendar_feed (person_id, token_hash, created_at) VALUES (?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE token_hash = VALUES(token_hash), created_at = VALUES(created_at)",
                person.id(), Tokens.hash(token), Timestamp.from(Instant.now()));
        return feedUrl(token);
    }

    public void deleteFeed(Person person) {
        update("DELETE FROM calendar_feed WHERE person_id = ?", person.id());
    }

    /** When the person's feed link was made, if they have one. */
    public Optional<Instant> feedCreatedAt(Person person) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT created_at FROM calendar_feed WHERE person_id = ?")) {
            ps.setLong(1, person.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Calendar feed lookup failed", e);
        }
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
        List<CalendarFeeds.Item> items = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT + where)) {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String location = rs.getBoolean("online") ? rs.getString("online_url")
                            : (rs.getString("address") == null ? "" : rs.getString("address") + ", ") + rs.getString("postal_code") + " "
                            + rs.getString("commune");
                    items.add(new CalendarFeeds.Item(rs.getString("public_id"), rs.getTimestamp("starts_at").toInstant(),
                            rs.getTimestamp("ends_at").toInstant(), rs.getBoolean("all_day"), !"ON".equals(rs.getString("state")),
                            rs.getInt("sequence"), rs.getString("title"), rs.getString("description_md"), location,
                            settings.publicUrl() + "/actions/" + rs.getString("slug"), rs.getString("group_name"),
                            rs.getTimestamp("updated_at").toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Calendar query failed", e);
        }
        return items;
    }

    private Optional<Long> personByToken(String hash) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT f.person_id FROM calendar_feed f JOIN person p ON p.id = f.person_id "
                     + "WHERE f.token_hash = ? AND p.status = 'CONFIRMED'")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Calendar feed lookup failed", e);
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Calendar feed update failed", e);
        }
    }

    /** When the person's secret calendar feed was made (null: they have none). */
    public @io.micronaut.core.annotation.Nullable java.time.Instant feedCreatedAt(Long personId) {
        return personalSql.list("SELECT created_at FROM calendar_feed WHERE person_id = ?", List.of(personId),
                rs -> rs.getTimestamp(1).toInstant()).stream().findFirst().orElse(null);
    }
}
