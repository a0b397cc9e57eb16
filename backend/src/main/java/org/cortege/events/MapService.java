package org.cortege.events;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortege.groups.GroupTypes;
import org.cortege.shared.Sql;

/**
 * The public map's data as GeoJSON (RFC 7946). The server clusters: the world is cut into a grid of
 * cells about 64 px wide at the requested zoom; a cell holding several groups or dates of actions
 * becomes one point with a count at their average position, a cell holding one becomes that group
 * or action. The viewport is widened to whole cells, so a cell's count never depends on where the
 * viewport cuts it.
 * <ul>
 * <li>Up to zoom {@link #GRID_MAX_ZOOM} (from the country down to a neighbourhood), the grids of
 * all these zooms are computed together from one read of the points and kept in memory
 * ({@code cortege.map.cache-ttl}, refreshed in the background), so a viewport is a filter over
 * cells whatever the number of actions. A new action shows there within that time (its own page,
 * the listing and the street level at once). Windows not on whole hours are counted live by SQL.</li>
 * <li>From {@link #POINT_ZOOM} (streets), one point per action (its first date in the window), the
 * {@link #MAX_POINTS} soonest when there are more, and the answer says so ({@code "truncated": true}).</li>
 * </ul>
 */
@Singleton
class MapService {

    static final int GRID_MAX_ZOOM = 13;
    static final int POINT_ZOOM = 14;
    static final int MAX_POINTS = 120;
    private static final int CELLS_PER_TILE = 4;

    record Query(double minLng, double minLat, double maxLng, double maxLat, int zoom, boolean groups, boolean events, Instant from,
                 Instant to, Locale locale) {
    }

    /** A grid cell: how many, where on average, and the lowest id (the one thing in it when count is 1). */
    record Cell(long y, long x, int count, double lat, double lng, long minId) {
    }

    private record GridKey(boolean events, Instant from, Instant to) {
    }

    /** One of the map's layers: its table, its filter, and how a single one of it becomes a feature. */
    private interface Layer {
        String name();

        String table();

        String where();

        List<Object> params();
    }

    private final Sql sql;
    private final EventTypes eventTypes;
    private final GroupTypes groupTypes;
    /** Per layer and window, the cells of every zoom up to {@link #GRID_MAX_ZOOM} (index = zoom). */
    private final LoadingCache<GridKey, List<List<Cell>>> grids;

    MapService(Sql sql, EventTypes eventTypes, GroupTypes groupTypes,
               @Property(name = "cortege.map.cache-ttl", defaultValue = "10s") Duration ttl) {
        this.sql = sql;
        this.eventTypes = eventTypes;
        this.groupTypes = groupTypes;
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(64).expireAfterAccess(Duration.ofMinutes(10));
        if (ttl.isZero()) {
            builder = Caffeine.newBuilder().maximumSize(0);
        } else {
            builder = builder.refreshAfterWrite(ttl);
        }
        this.grids = builder.build(this::grid);
    }

    /** Degrees of longitude (and latitude) per cell at a zoom. */
    static double cellSize(int zoom) {
        return 360.0 / (1L << zoom) / CELLS_PER_TILE;
    }

    @io.micronaut.transaction.annotation.Transactional
    GeoJson.FeatureCollection featureCollection(Query q) {
        double cell = cellSize(q.zoom());
        long x0 = (long) Math.floor(q.minLng() / cell);
        long x1 = (long) Math.floor(q.maxLng() / cell);
        long y0 = (long) Math.floor(q.minLat() / cell);
        long y1 = (long) Math.floor(q.maxLat() / cell);
        double[] box = {x0 * cell, y0 * cell, (x1 + 1) * cell, (y1 + 1) * cell};
        List<GeoJson.Feature> features = new ArrayList<>();
        boolean truncated = false;
        if (q.groups()) {
            truncated |= layer(groupsLayer(), q, box, cell, x0, x1, y0, y1, features);
        }
        if (q.events()) {
            truncated |= layer(eventsLayer(q.from(), q.to()), q, box, cell, x0, x1, y0, y1, features);
        }
        return new GeoJson.FeatureCollection(new double[] {GeoJson.round(box[0]), GeoJson.round(box[1]), GeoJson.round(box[2]),
                GeoJson.round(box[3])}, truncated, features);
    }

    /** Drops the computed grids (after a change that people expect to see at once: tests, moderation). */
    void invalidate() {
        grids.invalidateAll();
    }

    /** Adds the layer's features; returns whether some points were left out. */
    private boolean layer(Layer layer, Query q, double[] box, double cell, long x0, long x1, long y0, long y1,
                          List<GeoJson.Feature> out) {
        boolean events = layer.name().equals("events");
        if (q.zoom() >= POINT_ZOOM) {
            List<GeoJson.Feature> points = events ? eventPoints(layer, box, q.locale()) : groupPoints(inBox(layer, box), q.locale());
            out.addAll(points.subList(0, Math.min(points.size(), MAX_POINTS)));
            return points.size() > MAX_POINTS;
        }
        List<Cell> cells;
        if (q.zoom() <= GRID_MAX_ZOOM && wholeHour(q.from()) && wholeHour(q.to())) {
            cells = new ArrayList<>();
            for (Cell cl : grids.get(new GridKey(events, q.from(), q.to())).get(q.zoom())) {
                if (cl.y() >= y0 && cl.y() <= y1 && cl.x() >= x0 && cl.x() <= x1) {
                    cells.add(cl);
                }
            }
        } else {
            cells = cells(inBox(layer, box), cell);
        }
        List<Long> singles = new ArrayList<>();
        for (Cell cl : cells) {
            if (cl.count() == 1) {
                singles.add(cl.minId());
            } else {
                out.add(GeoJson.Feature.at(cl.lat(), cl.lng(), new GeoJson.Cluster("cluster", layer.name(), cl.count())));
            }
        }
        if (!singles.isEmpty()) {
            Layer byId = byIds(layer, singles);
            out.addAll(events ? eventPoints(byId, null, q.locale()) : groupPoints(byId, q.locale()));
        }
        return false;
    }

    /** Windows on whole hours (the defaults are whole days) share grids; any other window is counted live. */
    private static boolean wholeHour(Instant t) {
        return t.getEpochSecond() % 3600 == 0 && t.getNano() == 0;
    }

    /**
     * The grids of every zoom up to {@link #GRID_MAX_ZOOM}, from one read of the layer's points
     * (a covering index range): one pass per layer and window every {@code cache-ttl}, whatever the
     * number of visitors and zooms.
     */
    private List<List<Cell>> grid(GridKey key) {
        Layer layer = key.events() ? eventsLayer(key.from(), key.to()) : groupsLayer();
        List<Map<Long, double[]>> zooms = new ArrayList<>();
        double[] sizes = new double[GRID_MAX_ZOOM + 1];
        for (int z = 0; z <= GRID_MAX_ZOOM; z++) {
            zooms.add(new HashMap<>());
            sizes[z] = cellSize(z);
        }
        sql.each("SELECT id, lat, lng FROM " + layer.table() + " WHERE " + layer.where(), layer.params(), rs -> {
            long id = rs.getLong(1);
            double lat = rs.getDouble(2);
            double lng = rs.getDouble(3);
            for (int z = 0; z <= GRID_MAX_ZOOM; z++) {
                long y = (long) Math.floor(lat / sizes[z]);
                long x = (long) Math.floor(lng / sizes[z]);
                double[] a = zooms.get(z).computeIfAbsent((y << 32) ^ (x & 0xffffffffL), k -> new double[] {0, 0, 0, Double.MAX_VALUE});
                a[0]++;
                a[1] += lat;
                a[2] += lng;
                a[3] = Math.min(a[3], id);
            }
        });
        List<List<Cell>> grids = new ArrayList<>(GRID_MAX_ZOOM + 1);
        for (Map<Long, double[]> cells : zooms) {
            List<Cell> list = new ArrayList<>(cells.size());
            for (Map.Entry<Long, double[]> e : cells.entrySet()) {
                double[] a = e.getValue();
                list.add(new Cell(e.getKey() >> 32, (int) (long) e.getKey(), (int) a[0], a[1] / a[0], a[2] / a[0], (long) a[3]));
            }
            grids.add(List.copyOf(list));
        }
        return grids;
    }

    private List<Cell> cells(Layer layer, double cell) {
        String query = "SELECT FLOOR(lat / ?) AS y, FLOOR(lng / ?) AS x, COUNT(*), AVG(lat), AVG(lng), MIN(id) FROM " + layer.table()
                + " WHERE " + layer.where() + " GROUP BY y, x";
        List<Object> params = new ArrayList<>(List.of(cell, cell));
        params.addAll(layer.params());
        return sql.list(query, params, rs -> new Cell(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6)));
    }

    private List<GeoJson.Feature> groupPoints(Layer layer, Locale locale) {
        String query = "SELECT public_id, slug, name, type, commune, member_count, lat, lng FROM support_group WHERE " + layer.where()
                + " LIMIT " + (MAX_POINTS + 1);
        return sql.list(query, layer.params(), rs -> GeoJson.Feature.at(rs.getDouble("lat"), rs.getDouble("lng"), new GeoJson.Group("group",
                rs.getString("public_id"), rs.getString("name"), groupTypes.label(rs.getString("type"), locale),
                rs.getString("commune"), rs.getInt("member_count"), "/groupes/" + rs.getString("slug"))));
    }

    /** One point per action: its first date among the layer's rows, and how many dates it has there. */
    private List<GeoJson.Feature> eventPoints(Layer layer, double[] box, Locale locale) {
        Layer rows = box == null ? layer : inBox(layer, box);
        // STRAIGHT_JOIN: the few actions first, then their rows (left alone, the optimizer may scan every date)
        String query = "SELECT STRAIGHT_JOIN o.public_id, o.starts_at, o.lat, o.lng, t.dates, e.slug, e.title, e.type, e.commune, e.all_day, "
                + "e.time_zone "
                + "FROM (SELECT event_id, MIN(starts_at) AS first_start, COUNT(*) AS dates FROM event_occurrence WHERE " + rows.where()
                + " GROUP BY event_id ORDER BY first_start LIMIT " + (MAX_POINTS + 1) + ") t "
                + "JOIN event_occurrence o ON o.event_id = t.event_id AND o.starts_at = t.first_start JOIN event e ON e.id = o.event_id "
                + "ORDER BY o.starts_at";
        List<GeoJson.Feature> out = new ArrayList<>();
        String[] last = {null};
        sql.each(query, rows.params(), rs -> {
            if (rs.getString("slug").equals(last[0])) {
                return; // two dates at the same instant: one point
            }
            last[0] = rs.getString("slug");
            ZoneId zone = ZoneId.of(rs.getString("time_zone"));
            out.add(GeoJson.Feature.at(rs.getDouble("lat"), rs.getDouble("lng"), new GeoJson.Action("event",
                    rs.getString("public_id"), rs.getString("title"), eventTypes.label(rs.getString("type"), locale),
                    rs.getString("commune"), rs.getTimestamp("starts_at").toInstant().atZone(zone).toOffsetDateTime().toString(),
                    rs.getBoolean("all_day"), rs.getInt("dates"), "/actions/" + rs.getString("slug"))));
        });
        return out;
    }

    private static Layer groupsLayer() {
        return layer("groups", "support_group", "status = 'PUBLISHED'", List.of());
    }

    /** Dates that take place and start in the window (the map shows what is coming). */
    private static Layer eventsLayer(Instant from, Instant to) {
        return layer("events", "event_occurrence", "state = 'ON' AND starts_at >= ? AND starts_at < ? AND lat IS NOT NULL",
                List.of(Timestamp.from(from), Timestamp.from(to)));
    }

    private static Layer inBox(Layer l, double[] box) {
        List<Object> params = new ArrayList<>(l.params());
        params.addAll(List.of(box[1], box[3], box[0], box[2]));
        return layer(l.name(), l.table(), l.where() + " AND lat >= ? AND lat < ? AND lng >= ? AND lng < ?", params);
    }

    /** These rows, if they still pass the layer's filter (a grid can be a few seconds old). */
    private static Layer byIds(Layer l, List<Long> ids) {
        List<Object> params = new ArrayList<>(l.params());
        params.addAll(ids);
        return layer(l.name(), l.table(), l.where() + " AND id IN (" + "?,".repeat(ids.size() - 1) + "?)", params);
    }

    private static Layer layer(String name, String table, String where, List<Object> params) {
        return new Layer() {
            public String name() {
                return name;
            }

            public String table() {
                return table;
            }

            public String where() {
                return where;
            }

            public List<Object> params() {
                return params;
            }
        };
    }
}
