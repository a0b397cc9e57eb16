package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cortege.geo.Circle;
import org.cortege.shared.Sql;

/**
 * Finds dates of actions in a time window, soonest first, or nearest first around a point: the
 * 0.1° squares covering the circle's box ({@code (state, geo_cell, starts_at, …)} index, up to a radius
 * of about 80 km; beyond, a band of latitude), then the box, then the great-circle distance. Every
 * value is a bound parameter.
 */
@Singleton
class EventSearch {

    /** {@code group}: the organising or a co-organising group's id; {@code cancelledToo}: list cancelled dates as such. */
    record Query(@Nullable Double lat, @Nullable Double lng, double radiusKm, Instant from, Instant to, @Nullable String type,
                 @Nullable Long group, boolean cancelledToo, boolean byDistance, int page, int size) {

        /** The same query over the dates starting before {@code end} only. */
        Query until(Instant end) {
            return new Query(lat, lng, radiusKm, from, end, type, group, cancelledToo, byDistance, page, size);
        }
    }

    /**
     * A busy place, soonest first: the first week is read through the squares and sorted; if it does
     * not fill the page, the first month, then four months; only then the whole window in date order.
     * Each try reads only its slice's matches, and a full page from a slice is the window's page, the
     * dates being sorted by their start.
     */
    private static final List<Duration> SLICES = List.of(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(120));

    record Page(List<EventSummary> items, long total, boolean totalCapped) {
    }

    /** Counted exactly up to this many ("plus de 200 actions" past it): enough to choose and to page. */
    static final int COUNT_CAP = 200;
    private static final String DISTANCE = Circle.distanceSql("o.");

    private final Sql sql;
    private final EventTypes types;
    /** The longest action: a date running at {@code from} started at most this long before. */
    private final Duration maxDuration;

    EventSearch(Sql sql, EventTypes types, EventsProperties properties,
                @io.micronaut.context.annotation.Property(name = "cortege.events.listing-dense", defaultValue = "200") int dense,
                @io.micronaut.context.annotation.Property(name = "cortege.events.running-ttl", defaultValue = "10s") Duration runningTtl) {
        this.dense = dense;
        this.runningTtl = runningTtl;
        this.sql = sql;
        this.types = types;
        this.maxDuration = properties.limits.maxDuration();
    }

    /** Most squares of {@code geo_cell} a box may span before a plain band of latitude is cheaper. */
    static final int MAX_CELLS = 400;

    /** The 0.1° squares ({@code geo_cell}, see migration V10) covering a box, or null when there would be too many. */
    static List<Integer> cells(double minLat, double maxLat, double minLng, double maxLng) {
        return Circle.cells(minLat, maxLat, minLng, maxLng, MAX_CELLS);
    }

    /** A WHERE clause, its parameters, and the index hint that goes with it (may be empty). */
    private record Where(String hint, String sql, List<Object> params) {
    }

    /**
     * The dates matching the query: starting before {@code to} and not over at {@code from}. Near a
     * place, a date running at {@code from} shows if it began less than {@link #NEAR_LOOKBACK} before
     * (a long-running action elsewhere in its course stays on its group's list and the map of its
     * days); elsewhere, whatever its length. With
     * {@code byCells}, "near" goes through the 0.1° squares; without, through the box alone (for a scan
     * in date order on the {@code (state, starts_at, lat, lng)} index).
     */
    private Where where(Query q, boolean byCells) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE o.state ")
                .append(q.cancelledToo() ? "IN ('ON', 'CANCELLED')" : "= 'ON'")
                .append(" AND o.starts_at >= ? AND o.starts_at < ? AND o.ends_at > ?");
        boolean near = q.lat() != null && q.lng() != null;
        List<Integer> cells = null;
        params.add(Timestamp.from(near ? q.from().minus(NEAR_LOOKBACK) : runningAt(q.from())));
        params.add(Timestamp.from(q.to()));
        params.add(Timestamp.from(q.from()));
        if (near) {
            Circle circle = new Circle(q.lat(), q.lng(), q.radiusKm());
            cells = byCells ? cells(circle.minLat(), circle.maxLat(), circle.minLng(), circle.maxLng()) : null;
            if (cells != null) {
                where.append(" AND o.geo_cell IN (").append("?,".repeat(cells.size() - 1)).append("?)");
                params.addAll(cells);
            }
            where.append(" AND o.lat BETWEEN ? AND ? AND o.lng BETWEEN ? AND ? AND ").append(DISTANCE).append(" <= ?");
            params.addAll(List.of(circle.minLat(), circle.maxLat(), circle.minLng(), circle.maxLng()));
            params.addAll(circle.distanceParams());
            params.add(q.radiusKm());
        }
        if (q.type() != null) {
            where.append(" AND o.type = ?");
            params.add(q.type());
        }
        if (q.group() != null) {
            where.append(" AND (o.group_id = ? OR o.event_id IN (SELECT event_id FROM event_cohost WHERE group_id = ? AND status = 'ACCEPTED'))");
            params.add(q.group());
            params.add(q.group());
        }
        // Hints, because the optimizer guesses wrong both ways: it reads a sparse place's whole year in date
        // order to skip a sort of twenty rows, or sorts a busy place's thousands of rows.
        String hint = near && byCells && cells != null ? "FORCE INDEX (idx_event_occurrence_cell)"
                : near && !byCells ? "FORCE INDEX (idx_event_occurrence_time)" : "";
        return new Where(hint, where.toString(), params);
    }

    /**
     * The earliest start a date running at {@code from} can have. Without it, a listing away from a
     * place read a month of finished dates (the longest action's length, {@code max-duration}) to
     * find the few still running: 65 ms of SQL over 200 000 dates, against under 1 ms. From
     * {@link Running}, read at most every {@code cortege.events.running-ttl}: for a window starting at
     * most a day before that read (today's listing starts at midnight), a date running at its start
     * was running then too, so its start is no earlier than the earliest start read, or was published
     * after the read (no earlier than a day before it: {@code validation.eventInPast}). A date moved
     * earlier or restored meanwhile shows within that time, as on the map.
     */
    Instant runningAt(Instant from) {
        Running r = running;
        Instant now = Instant.now();
        if (r == null || !r.readAt().plus(runningTtl).isAfter(now)) {
            r = readRunning(now);
            running = r;
        }
        if (from.isBefore(r.validFrom())) {
            return from.minus(maxDuration); // a window starting long ago: the whole lookback
        }
        return r.earliestStart();
    }

    /** {@code cortege.events.running-ttl}: 10 s, as the map's grids; 0 reads it for every request (the tests). */
    private final Duration runningTtl;
    /** How far in the past a new action may start ({@code EventService}: a day), and a margin. */
    private static final Duration PUBLISHED_LATE = Duration.ofHours(25);

    /** When the dates running were read, the earliest window start it serves, and the earliest start a date running then can have. */
    record Running(Instant readAt, Instant validFrom, Instant earliestStart) {
    }

    private volatile Running running;

    private Running readRunning(Instant now) {
        Instant since = now.minus(Duration.ofDays(1));
        List<Timestamp> earliest = sql.list("SELECT MIN(o.starts_at) FROM event_occurrence o FORCE INDEX (idx_event_occurrence_time) "
                + "WHERE o.state IN ('ON', 'CANCELLED') AND o.starts_at >= ? AND o.starts_at < ? AND o.ends_at > ?",
                List.of(Timestamp.from(since.minus(maxDuration)), Timestamp.from(now), Timestamp.from(since)), rs -> rs.getTimestamp(1));
        Instant floor = now.minus(PUBLISHED_LATE);
        Instant start = earliest.isEmpty() || earliest.get(0) == null ? floor : earliest.get(0).toInstant();
        return new Running(now, since, start.isBefore(floor) ? start : floor);
    }

    /** How long before {@code from} a running date may have begun to be listed near a place. */
    static final Duration NEAR_LOOKBACK = Duration.ofDays(1);

    /**
     * Past this many matches ({@code cortege.events.listing-dense}, 200), reading the dates in order
     * beats sorting the matches. Measured: 200 gave p95 67 ms, 2 000 gave 104 ms (MapBenchmark).
     */
    private final int dense;

    @io.micronaut.transaction.annotation.Transactional
    Page search(Query q, Locale locale) {
        boolean near = q.lat() != null && q.lng() != null;
        Where byCells = where(q, true);
        String distance = near ? DISTANCE : "NULL";
        List<Object> selectParams = near ? new Circle(q.lat(), q.lng(), q.radiusKm()).distanceParams() : List.of();
        // (starts_at, lat, lng, ends_at, id) is the order of idx_event_occurrence_time: a scan in that order needs no sort
        String byDate = " ORDER BY o.starts_at, o.lat, o.lng, o.ends_at, o.id";
        String innerOrder = near && q.byDistance() ? " ORDER BY distance_km, o.starts_at, o.id" : byDate;
        String outerOrder = near && q.byDistance() ? " ORDER BY page.distance_km, o.starts_at, o.id" : byDate;
        // STRAIGHT_JOIN: the page's 20 ids first, then their rows
        String select = "SELECT STRAIGHT_JOIN o.public_id, o.starts_at, o.ends_at, o.state, o.type, o.lat, o.lng, o.rsvp_count, e.slug, "
                + "e.title, e.all_day, e.online, e.commune, e.departement, e.capacity, e.time_zone, e.rrule, g.name AS group_name, "
                + "g.slug AS group_slug, page.distance_km FROM (SELECT o.id, " + distance + " AS distance_km FROM event_occurrence o %s"
                + innerOrder + " LIMIT ? OFFSET ?) page "
                + "JOIN event_occurrence o ON o.id = page.id JOIN event e ON e.id = o.event_id JOIN support_group g ON g.id = o.group_id"
                + outerOrder;
        // One read-only transaction: the count and the page see the same snapshot, on one connection.
        long total = sql.number("SELECT COUNT(*) FROM (SELECT 1 FROM event_occurrence o " + byCells.hint() + byCells.sql() + " LIMIT "
                + (Math.max(dense, COUNT_CAP) + 1) + ") t", byCells.params());
        boolean busy = near && !q.byDistance() && total > dense;
        if (busy) {
            for (Duration slice : SLICES) {
                Instant end = q.from().plus(slice);
                if (!end.isBefore(q.to())) {
                    break;
                }
                List<EventSummary> items = page(select, where(q.until(end), true), selectParams, q, locale);
                if (items.size() == q.size()) {
                    return new Page(items, Math.min(total, COUNT_CAP), total > COUNT_CAP);
                }
            }
        }
        // Many matches near a place: read the dates in order and stop at the page's end. Few: take them
        // through the squares and sort them.
        List<EventSummary> items = page(select, busy ? where(q, false) : byCells, selectParams, q, locale);
        return new Page(items, Math.min(total, COUNT_CAP), total > COUNT_CAP);
    }

    private List<EventSummary> page(String select, Where where, List<Object> selectParams, Query q, Locale locale) {
        List<Object> params = new ArrayList<>(selectParams);
        params.addAll(where.params());
        params.add(q.size());
        params.add((q.page() - 1) * q.size());
        return sql.list(String.format(select, where.hint() + where.sql()), params, rs -> row(rs, locale));
    }

    /** These dates (by internal id), soonest first. */
    List<EventSummary> byIds(List<Long> ids, Locale locale) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT o.public_id, o.starts_at, o.ends_at, o.state, o.type, o.lat, o.lng, o.rsvp_count, e.slug, e.title, "
                + "e.all_day, e.online, e.commune, e.departement, e.capacity, e.time_zone, e.rrule, g.name AS group_name, g.slug AS group_slug, "
                + "NULL AS distance_km FROM event_occurrence o JOIN event e ON e.id = o.event_id JOIN support_group g ON g.id = o.group_id "
                + "WHERE o.id IN (" + "?,".repeat(ids.size() - 1) + "?) ORDER BY o.starts_at, o.id";
        return this.sql.list(sql, ids, rs -> row(rs, locale));
    }

    private EventSummary row(ResultSet rs, Locale locale) throws SQLException {
        ZoneId zone = ZoneId.of(rs.getString("time_zone"));
        double dist = rs.getDouble("distance_km");
        Double distance = rs.wasNull() ? null : Math.round(dist * 10) / 10.0;
        double lat = rs.getDouble("lat");
        Double latV = rs.wasNull() ? null : lat;
        double lng = rs.getDouble("lng");
        Double lngV = rs.wasNull() ? null : lng;
        int capacity = rs.getInt("capacity");
        Integer capacityV = rs.wasNull() ? null : capacity;
        String type = rs.getString("type");
        return new EventSummary(rs.getString("public_id"), rs.getString("slug"), rs.getString("title"), type, types.label(type, locale),
                rs.getTimestamp("starts_at").toInstant().atZone(zone).toOffsetDateTime(),
                rs.getTimestamp("ends_at").toInstant().atZone(zone).toOffsetDateTime(), rs.getBoolean("all_day"), OccurrenceState.valueOf(rs.getString("state")),
                rs.getBoolean("online"), rs.getString("commune"), rs.getString("departement"), latV, lngV, rs.getString("group_name"),
                rs.getString("group_slug"), rs.getInt("rsvp_count"), capacityV, distance, RecurrenceLabel.of(rs.getString("rrule"), locale));
    }
}
