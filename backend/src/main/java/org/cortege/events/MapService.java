package org.cortege.events;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.cortege.groups.GroupTypes;
import org.cortege.shared.Messages;

/**
 * The public map's data as GeoJSON (RFC 7946). Below {@link #POINT_ZOOM} the server clusters: the
 * viewport is cut into a grid of cells about 64 px wide at that zoom, and each cell holding several
 * groups or dates of actions becomes one point with a count at their average position; a cell
 * holding one becomes that group or date. From {@link #POINT_ZOOM} on, every action is one point
 * (its dates in the window grouped), capped at {@link #MAX_POINTS}. The bounding box is widened to
 * whole cells, so that a cell's count never depends on where the viewport cuts it, and answers are
 * cached a few seconds per (layer, cells, window), since every visitor of a region asks the same.
 */
@Singleton
class MapService {

    static final int POINT_ZOOM = 14;
    static final int MAX_POINTS = 1000;
    private static final int CELLS_PER_TILE = 4;

    record Query(double minLng, double minLat, double maxLng, double maxLat, int zoom, boolean groups, boolean events, Instant from,
                 Instant to, Locale locale) {
    }

    private final DataSource dataSource;
    private final EventTypes eventTypes;
    private final GroupTypes groupTypes;
    private final Cache<String, List<Map<String, Object>>> cache;

    MapService(DataSource dataSource, EventTypes eventTypes, GroupTypes groupTypes,
               @Property(name = "cortege.map.cache-ttl", defaultValue = "10s") Duration ttl) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.eventTypes = eventTypes;
        this.groupTypes = groupTypes;
        this.cache = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(ttl).build();
    }

    /** Degrees of longitude (and latitude) per cell at a zoom. */
    static double cellSize(int zoom) {
        return 360.0 / (1L << zoom) / CELLS_PER_TILE;
    }

    Map<String, Object> featureCollection(Query q) {
        List<Map<String, Object>> features = new ArrayList<>();
        double cell = cellSize(q.zoom());
        // whole cells, so that the same cells give the same answer whoever asks
        long x0 = (long) Math.floor(q.minLng() / cell);
        long x1 = (long) Math.floor(q.maxLng() / cell);
        long y0 = (long) Math.floor(q.minLat() / cell);
        long y1 = (long) Math.floor(q.maxLat() / cell);
        double[] box = {x0 * cell, y0 * cell, (x1 + 1) * cell, (y1 + 1) * cell};
        String lang = Messages.ENGLISH.equals(q.locale()) ? "en" : "fr";
        if (q.groups()) {
            String key = "g|" + q.zoom() + "|" + x0 + "|" + x1 + "|" + y0 + "|" + y1 + "|" + lang;
            features.addAll(cache.get(key, k -> groups(box, q.zoom(), cell, q.locale())));
        }
        if (q.events()) {
            String key = "e|" + q.zoom() + "|" + x0 + "|" + x1 + "|" + y0 + "|" + y1 + "|" + q.from().getEpochSecond() + "|"
                    + q.to().getEpochSecond() + "|" + lang;
            features.addAll(cache.get(key, k -> events(box, q.zoom(), cell, q.from(), q.to(), q.locale())));
        }
        Map<String, Object> fc = new LinkedHashMap<>();
        fc.put("type", "FeatureCollection");
        fc.put("bbox", List.of(round(box[0]), round(box[1]), round(box[2]), round(box[3])));
        fc.put("features", features);
        return fc;
    }

    void invalidate() {
        cache.invalidateAll();
    }

    private List<Map<String, Object>> groups(double[] box, int zoom, double cell, Locale locale) {
        String where = " FROM support_group WHERE status = 'PUBLISHED' AND lat >= ? AND lat < ? AND lng >= ? AND lng < ?";
        List<Object> params = List.of(box[1], box[3], box[0], box[2]);
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<Long> singles = new ArrayList<>();
            if (zoom < POINT_ZOOM) {
                String sql = "SELECT COUNT(*), AVG(lat), AVG(lng), MIN(id)" + where + " GROUP BY FLOOR(lat / ?), FLOOR(lng / ?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = bind(ps, params);
                    ps.setDouble(i++, cell);
                    ps.setDouble(i, cell);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getInt(1) == 1) {
                                singles.add(rs.getLong(4));
                            } else {
                                out.add(cluster("groups", rs.getInt(1), rs.getDouble(2), rs.getDouble(3)));
                            }
                        }
                    }
                }
            }
            String sql = "SELECT id, public_id, slug, name, type, commune, member_count, lat, lng FROM support_group WHERE "
                    + (zoom < POINT_ZOOM ? idIn(singles) : "status = 'PUBLISHED' AND lat >= ? AND lat < ? AND lng >= ? AND lng < ? LIMIT "
                    + MAX_POINTS);
            if (zoom >= POINT_ZOOM || !singles.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, zoom < POINT_ZOOM ? new ArrayList<>(singles) : params);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Map<String, Object> p = new LinkedHashMap<>();
                            p.put("kind", "group");
                            p.put("id", rs.getString("public_id"));
                            p.put("slug", rs.getString("slug"));
                            p.put("name", rs.getString("name"));
                            p.put("typeLabel", groupTypes.label(rs.getString("type"), locale));
                            p.put("commune", rs.getString("commune"));
                            p.put("memberCount", rs.getInt("member_count"));
                            p.put("url", "/groupes/" + rs.getString("slug"));
                            out.add(feature(rs.getDouble("lat"), rs.getDouble("lng"), p));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Map query failed", e);
        }
        return out;
    }

    private List<Map<String, Object>> events(double[] box, int zoom, double cell, Instant from, Instant to, Locale locale) {
        String where = " FROM event_occurrence WHERE state = 'ON' AND starts_at >= ? AND starts_at < ? AND lat >= ? AND lat < ? "
                + "AND lng >= ? AND lng < ?";
        List<Object> params = List.of(Timestamp.from(from), Timestamp.from(to), box[1], box[3], box[0], box[2]);
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<Long> singles = new ArrayList<>();
            if (zoom < POINT_ZOOM) {
                String sql = "SELECT COUNT(*), AVG(lat), AVG(lng), MIN(id)" + where + " GROUP BY FLOOR(lat / ?), FLOOR(lng / ?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = bind(ps, params);
                    ps.setDouble(i++, cell);
                    ps.setDouble(i, cell);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getInt(1) == 1) {
                                singles.add(rs.getLong(4));
                            } else {
                                out.add(cluster("events", rs.getInt(1), rs.getDouble(2), rs.getDouble(3)));
                            }
                        }
                    }
                }
                if (singles.isEmpty()) {
                    return out;
                }
            }
            // one point per action: its first date in the window, and how many dates it has there
            String sql = "SELECT o.public_id, o.starts_at, o.lat, o.lng, t.dates, e.slug, e.title, e.type, e.commune, e.all_day, "
                    + "e.time_zone FROM (SELECT event_id, MIN(starts_at) AS first_start, COUNT(*) AS dates FROM event_occurrence WHERE "
                    + (zoom < POINT_ZOOM ? idIn(singles) : where.substring(" FROM event_occurrence WHERE ".length()))
                    + " GROUP BY event_id ORDER BY first_start LIMIT " + MAX_POINTS + ") t "
                    + "JOIN event_occurrence o ON o.event_id = t.event_id AND o.starts_at = t.first_start "
                    + "JOIN event e ON e.id = o.event_id ORDER BY o.starts_at";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, zoom < POINT_ZOOM ? new ArrayList<>(singles) : params);
                try (ResultSet rs = ps.executeQuery()) {
                    String last = null;
                    while (rs.next()) {
                        if (rs.getString("slug").equals(last)) {
                            continue; // two dates at the same instant: one point
                        }
                        last = rs.getString("slug");
                        ZoneId zone = ZoneId.of(rs.getString("time_zone"));
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("kind", "event");
                        p.put("id", rs.getString("public_id"));
                        p.put("slug", rs.getString("slug"));
                        p.put("title", rs.getString("title"));
                        p.put("typeLabel", eventTypes.label(rs.getString("type"), locale));
                        p.put("commune", rs.getString("commune"));
                        p.put("start", rs.getTimestamp("starts_at").toInstant().atZone(zone).toOffsetDateTime().toString());
                        p.put("allDay", rs.getBoolean("all_day"));
                        p.put("dates", rs.getInt("dates"));
                        p.put("url", "/actions/" + rs.getString("slug"));
                        out.add(feature(rs.getDouble("lat"), rs.getDouble("lng"), p));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Map query failed", e);
        }
        return out;
    }

    private static String idIn(List<Long> ids) {
        return ids.isEmpty() ? "FALSE" : "id IN (" + "?,".repeat(ids.size() - 1) + "?)";
    }

    private static Map<String, Object> cluster(String layer, int count, double lat, double lng) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", "cluster");
        p.put("layer", layer);
        p.put("count", count);
        return feature(lat, lng, p);
    }

    private static Map<String, Object> feature(double lat, double lng, Map<String, Object> properties) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("geometry", Map.of("type", "Point", "coordinates", List.of(round(lng), round(lat))));
        f.put("properties", properties);
        return f;
    }

    private static double round(double v) {
        return Math.round(v * 100_000) / 100_000.0;
    }

    private static int bind(PreparedStatement ps, List<?> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }
}
