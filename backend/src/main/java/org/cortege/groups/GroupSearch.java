package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cortege.geo.Circle;

/**
 * Finds published groups around a point, nearest first: a bounding box that the
 * {@code (status, lat, lng)} index narrows, then the great-circle distance (haversine, km) to cut
 * the circle and sort. Without a centre, newest first. Every value is a bound parameter.
 */
@Singleton
class GroupSearch {

    record Query(@Nullable Double lat, @Nullable Double lng, double radiusKm, @Nullable String type, @Nullable String text,
                 int page, int size) {
    }

    record Hit(SupportGroup group, @Nullable Double distanceKm) {
    }

    /** {@code total} counts at most {@link #COUNT_CAP}; {@code totalCapped} says there are more. */
    record Page(List<Hit> hits, long total, boolean totalCapped) {
    }

    /** Past this many, nobody reads an exact figure, and counting a dense city's groups costs the most. */
    static final int COUNT_CAP = 1000;

    private static final String DISTANCE = Circle.distanceSql("");

    private final org.cortege.shared.Sql sql;

    GroupSearch(org.cortege.shared.Sql sql) {
        this.sql = sql;
    }

    Page search(Query q) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" FROM support_group WHERE status = 'PUBLISHED'");
        boolean near = q.lat() != null && q.lng() != null;
        Circle circle = near ? new Circle(q.lat(), q.lng(), q.radiusKm()) : null;
        if (near) {
            where.append(" AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?");
            params.addAll(List.of(circle.minLat(), circle.maxLat(), circle.minLng(), circle.maxLng()));
            where.append(" AND ").append(DISTANCE).append(" <= ?");
            params.addAll(circle.distanceParams());
            params.add(q.radiusKm());
        }
        if (q.type() != null) {
            where.append(" AND type = ?");
            params.add(q.type());
        }
        if (q.text() != null) {
            where.append(" AND (name LIKE ? ESCAPE '!' OR commune LIKE ? ESCAPE '!')");
            String like = "%" + q.text().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            params.add(like);
            params.add(like);
        }
        String distanceSql = near ? DISTANCE : "NULL";
        List<Object> selectParams = near ? circle.distanceParams() : List.of();
        // without a place: the liveliest first (last activity), then the biggest
        String inner = near ? " ORDER BY distance_km, id" : " ORDER BY last_activity_at DESC, member_count DESC, id DESC";
        String outer = near ? " ORDER BY p.distance_km, p.id" : " ORDER BY p.last_activity_at DESC, p.member_count DESC, p.id DESC";
        // The page's ids first, sorted on narrow rows, then their whole rows (descriptions included): a dense
        // city's 2 000 groups sorted with their texts took 11.7 ms, 3.1 ms so (ANALYZE, 20 000 groups).
        // near a place, only what the (status, lat, lng) index holds: a column more (40 ms) reads every row in the box
        String keys = near ? "id" : "id, last_activity_at, member_count";
        String select = "SELECT STRAIGHT_JOIN g.*, p.distance_km FROM (SELECT " + keys + ", " + distanceSql
                + " AS distance_km" + where + inner + " LIMIT ? OFFSET ?) p JOIN support_group g ON g.id = p.id" + outer;
        long total = sql.number("SELECT COUNT(*) FROM (SELECT 1" + where + " LIMIT " + (COUNT_CAP + 1) + ") t", params);
        List<Object> all = new ArrayList<>(selectParams);
        all.addAll(params);
        all.add(q.size());
        all.add((long) (q.page() - 1) * q.size());
        List<Hit> hits = sql.list(select, all, rs -> {
            // wasNull right after its column: reading the group's columns first would answer for the last of them
            double distance = rs.getDouble("distance_km");
            Double km = rs.wasNull() ? null : Math.round(distance * 10) / 10.0;
            return new Hit(map(rs), km);
        });
        return new Page(hits, Math.min(total, COUNT_CAP), total > COUNT_CAP);
    }

    static SupportGroup map(ResultSet rs) throws SQLException {
        return new SupportGroup(rs.getLong("id"), rs.getString("public_id"), rs.getString("slug"), rs.getString("name"),
                rs.getString("name_key"), rs.getString("type"), rs.getString("description_md"), rs.getString("description_html"),
                rs.getString("country"), rs.getString("postal_code"), rs.getString("insee_code"), rs.getString("commune"),
                rs.getString("departement"), rs.getString("address"), rs.getDouble("lat"), rs.getDouble("lng"),
                rs.getString("geo_precision"), rs.getString("contact_email"), GroupStatus.valueOf(rs.getString("status")), rs.getString("hidden_reason"),
                rs.getTimestamp("hidden_at") == null ? null : rs.getTimestamp("hidden_at").toInstant(), rs.getInt("member_count"),
                rs.getObject("created_by") == null ? null : rs.getLong("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
