package org.cortege.events;

import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.cortege.demo.DemoData;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.LoadRun;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints figures. {@code GET /api/map} for a France-wide, a regional and a city
 * viewport, and {@code GET /api/events?near=…}, over {@code bench.groups} groups (20 000) and
 * {@code bench.actions} dates of actions (200 000) spread over France by population (the demo
 * generator: each action near a random group, from 30 days ago to 6 months ahead), beside the same
 * clustering as plain SQL through JDBC in the same run (the baseline: what every request would cost
 * without {@link MapService}'s grids). Viewports are panned at random by whole cells, up to a fifth
 * of their width.
 * Run with {@code mvn -pl backend test -Pbenchmark -Dtest=MapBenchmark}.
 */
@AppTest
@Property(name = "cortege.mail.poll-interval", value = "1h")
@Property(name = "cortege.events.reminder-before", value = "0s")
@Property(name = "cortege.map.cache-ttl", value = "10s") // as in production (the tests turn it off)
class MapBenchmark extends ApiTest {

    private static final int GROUPS = Integer.getInteger("bench.groups", 20000);
    private static final int ACTIONS = Integer.getInteger("bench.actions", 200000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);

    @Inject
    EmbeddedServer server;

    @Inject
    DemoData demo;

    @Inject
    EventSearch search;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Viewport(String name, double minLng, double minLat, double maxLng, double maxLat, int zoom) {
    }

    @Test
    void mapAndListing() throws Exception {
        long[] sizes = demoDataAtLeast(demo, GROUPS, ACTIONS);
        long groups = sizes[0];
        long actions = sizes[1];
        String base = server.getURL().toString();
        java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
        Instant from = java.time.LocalDate.now(paris).atStartOfDay(paris).toInstant(); // the map's default window
        Instant to = from.plus(Duration.ofDays(90));
        long inWindow = count("SELECT COUNT(*) FROM event_occurrence WHERE state = 'ON' AND starts_at >= ? AND starts_at < ?",
                Timestamp.from(from), Timestamp.from(to));
        System.out.printf(Locale.ROOT, "%n=== Map and listing: %d published groups, %d dates of actions (%d in the default 90-day window), "
                + "%d requests per line, %d threads ===%n", groups, actions, inWindow, REQUESTS, THREADS);

        List<Viewport> viewports = List.of(
                new Viewport("France", -5.5, 41.0, 10.0, 51.5, 5),
                new Viewport("Île-de-France", 1.4, 48.1, 3.6, 49.3, 8),
                new Viewport("Marseille", 5.30, 43.24, 5.45, 43.36, 12),
                new Viewport("Marseille, street level", 5.36, 43.29, 5.39, 43.31, 15));
        Random random = new Random(3);
        boolean listingOnly = "listing".equals(System.getProperty("bench.only"));
        for (Viewport v : listingOnly ? List.<Viewport>of() : viewports) {
            double cell = MapService.cellSize(v.zoom());
            int n = REQUESTS;
            double[][] shifts = new double[n][2];
            // pans of up to a fifth of the viewport, in whole cells (at least one)
            int reach = Math.max(1, (int) Math.floor(0.2 * (v.maxLng() - v.minLng()) / cell));
            for (int i = 0; i < n; i++) {
                shifts[i][0] = (random.nextInt(2 * reach + 1) - reach) * cell;
                shifts[i][1] = (random.nextInt(2 * reach + 1) - reach) * cell;
            }
            AtomicLong bytes = new AtomicLong();
            AtomicLong maxBytes = new AtomicLong();
            IntConsumer viaHttp = i -> {
                String bbox = String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f", v.minLng() + shifts[i][0], v.minLat() + shifts[i][1],
                        v.maxLng() + shifts[i][0], v.maxLat() + shifts[i][1]);
                int size = get(base + "/api/map?bbox=" + bbox + "&zoom=" + v.zoom() + "&layers=groups,events");
                bytes.addAndGet(size);
                maxBytes.accumulateAndGet(size, Math::max);
            };
            IntConsumer viaSql = i -> sql(v, shifts[i], cell, from, to);
            LoadRun.run("warm-up", THREADS, 200, viaHttp);
            LoadRun.run("warm-up", THREADS, 200, viaSql);
            bytes.set(0);
            maxBytes.set(0);
            LoadRun.Result h = LoadRun.run("GET /api/map " + v.name() + " zoom " + v.zoom() + " (HTTP, GeoJSON, groups+events)", THREADS, n, viaHttp);
            LoadRun.Result s = LoadRun.run(v.zoom() >= MapService.POINT_ZOOM ? "  same points as plain SQL through JDBC (groups + events)"
                    : "  same clustering as plain SQL through JDBC (groups + events)", THREADS, n, viaSql);
            System.out.println(h.line(s));
            org.cortege.support.BenchTable.row("MapBenchmark", h, s);
            System.out.println(s.line(s));
            System.out.printf(Locale.ROOT, "  response size: mean %.1f KB, max %.1f KB%n", bytes.get() / 1024.0 / n, maxBytes.get() / 1024.0);
        }

        List<DemoData.Supporter> centres = demo.supporters(REQUESTS, 11);
        IntConsumer listHttp = i -> get(base + "/api/events?near=" + centres.get(i).postalCode() + "&radiusKm=20");
        IntConsumer listSql = i -> search.search(new EventSearch.Query(centres.get(i).lat(), centres.get(i).lng(), 20, from,
                from.plus(Duration.ofDays(365)), null, null, false, false, 1, 20), Locale.FRENCH);
        LoadRun.run("warm-up", THREADS, 200, listHttp);
        LoadRun.Result lh = LoadRun.run("GET /api/events?near=<postal code>&radiusKm=20 (HTTP, JSON, first page of 20)", THREADS, REQUESTS, listHttp);
        LoadRun.Result ls = LoadRun.run("  same search through JDBC (count up to 201 + page)", THREADS, REQUESTS, listSql);
        System.out.println(lh.line(ls));
        org.cortege.support.BenchTable.row("MapBenchmark", lh, ls);
        System.out.println(ls.line(ls));
    }

    private void sql(Viewport v, double[] shift, double cell, Instant from, Instant to) {
        double minLng = Math.floor((v.minLng() + shift[0]) / cell) * cell;
        double minLat = Math.floor((v.minLat() + shift[1]) / cell) * cell;
        double maxLng = (Math.floor((v.maxLng() + shift[0]) / cell) + 1) * cell;
        double maxLat = (Math.floor((v.maxLat() + shift[1]) / cell) + 1) * cell;
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection()) {
            if (v.zoom() >= MapService.POINT_ZOOM) {
                // street level: the actions in view (first date of each) and the groups, as points
                try (PreparedStatement ps = c.prepareStatement("SELECT event_id, MIN(starts_at), COUNT(*) FROM event_occurrence WHERE "
                        + "state = 'ON' AND starts_at >= ? AND starts_at < ? AND lat >= ? AND lat < ? AND lng >= ? AND lng < ? "
                        + "GROUP BY event_id LIMIT 301")) {
                    Object[] p = {Timestamp.from(from), Timestamp.from(to), minLat, maxLat, minLng, maxLng};
                    for (int i = 0; i < p.length; i++) {
                        ps.setObject(i + 1, p[i]);
                    }
                    drain(ps);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT id, name, lat, lng FROM support_group WHERE status = 'PUBLISHED' "
                        + "AND lat >= ? AND lat < ? AND lng >= ? AND lng < ? LIMIT 301")) {
                    Object[] p = {minLat, maxLat, minLng, maxLng};
                    for (int i = 0; i < p.length; i++) {
                        ps.setObject(i + 1, p[i]);
                    }
                    drain(ps);
                }
                return;
            }
            String events = "SELECT COUNT(*), AVG(lat), AVG(lng), MIN(id) FROM event_occurrence WHERE state = 'ON' AND starts_at >= ? "
                    + "AND starts_at < ? AND lat >= ? AND lat < ? AND lng >= ? AND lng < ? GROUP BY FLOOR(lat / ?), FLOOR(lng / ?)";
            String groups = "SELECT COUNT(*), AVG(lat), AVG(lng), MIN(id) FROM support_group WHERE status = 'PUBLISHED' "
                    + "AND lat >= ? AND lat < ? AND lng >= ? AND lng < ? GROUP BY FLOOR(lat / ?), FLOOR(lng / ?)";
            try (PreparedStatement ps = c.prepareStatement(events)) {
                Object[] p = {Timestamp.from(from), Timestamp.from(to), minLat, maxLat, minLng, maxLng, cell, cell};
                for (int i = 0; i < p.length; i++) {
                    ps.setObject(i + 1, p[i]);
                }
                drain(ps);
            }
            try (PreparedStatement ps = c.prepareStatement(groups)) {
                Object[] p = {minLat, maxLat, minLng, maxLng, cell, cell};
                for (int i = 0; i < p.length; i++) {
                    ps.setObject(i + 1, p[i]);
                }
                drain(ps);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(PreparedStatement ps) throws Exception {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getInt(1);
            }
        }
    }

    private int get(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new AssertionError(url + " → " + r.statusCode() + " " + new String(r.body()));
            }
            return r.body().length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
