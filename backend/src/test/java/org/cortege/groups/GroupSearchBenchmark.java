package org.cortege.groups;

import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.cortege.demo.DemoData;
import org.cortege.support.ApiTest;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints figures. {@code GET /api/groups?near=…} over {@code bench.groups} groups (20 000
 * by default) spread over France by population, beside the same search run as plain SQL through
 * JDBC in the same run. Run with {@code mvn -pl backend test -Pbenchmark -Dtest=GroupSearchBenchmark}.
 */
@MicronautTest(transactional = false)
@Property(name = "cortege.mail.poll-interval", value = "1h")
class GroupSearchBenchmark extends ApiTest {

    private static final int GROUPS = Integer.getInteger("bench.groups", 20000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 5000);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);

    @Inject
    EmbeddedServer server;

    @Inject
    DemoData demo;

    @Inject
    GroupSearch search;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void groupsNearAPoint() throws Exception {
        long existing = count("SELECT COUNT(*) FROM support_group WHERE status = 'PUBLISHED'");
        if (existing < GROUPS) {
            long t0 = System.nanoTime();
            demo.insertGroups((int) (GROUPS - existing), 7);
            System.out.printf(Locale.ROOT, "inserted %d groups in %d ms%n", GROUPS - existing, (System.nanoTime() - t0) / 1_000_000);
        }
        long groups = count("SELECT COUNT(*) FROM support_group WHERE status = 'PUBLISHED'");
        List<DemoData.Supporter> centres = demo.supporters(REQUESTS, 11); // people's places: where searches come from
        String base = server.getURL().toString();

        run(500, i -> get(base + "/api/groups?near=" + centres.get(i).postalCode() + "&radiusKm=20"));
        run(500, i -> search.search(new GroupSearch.Query(centres.get(i).lat(), centres.get(i).lng(), 20, null, null, 1, 20)));

        long[] viaHttp = run(REQUESTS, i -> get(base + "/api/groups?near=" + centres.get(i).postalCode() + "&radiusKm=20"));
        long[] viaSql = run(REQUESTS, i -> search.search(new GroupSearch.Query(centres.get(i).lat(), centres.get(i).lng(), 20, null, null, 1, 20)));

        System.out.printf(Locale.ROOT, "%n=== Groups near a point: %d published groups, %d searches from people's places, radius 20 km, "
                + "first page of 20, %d threads ===%n", groups, REQUESTS, THREADS);
        print("GET /api/groups?near=<postal code>&radiusKm=20 (HTTP, JSON)", viaHttp, viaSql);
        print("same search as plain SQL through JDBC (count + page)", viaSql, viaSql);
        explain(centres.get(0));
    }

    private void explain(DemoData.Supporter centre) throws Exception {
        double dLat = 20 / 111.2;
        double dLng = 20 / (111.2 * Math.cos(Math.toRadians(centre.lat())));
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN SELECT id FROM support_group WHERE status = 'PUBLISHED' "
                     + "AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?")) {
            ps.setDouble(1, centre.lat() - dLat);
            ps.setDouble(2, centre.lat() + dLat);
            ps.setDouble(3, centre.lng() - dLng);
            ps.setDouble(4, centre.lng() + dLng);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.printf(Locale.ROOT, "EXPLAIN: type=%s key=%s rows=%s extra=%s%n", rs.getString("type"), rs.getString("key"),
                            rs.getString("rows"), rs.getString("Extra"));
                }
            }
        }
    }

    private static void print(String name, long[] latencies, long[] baseline) {
        System.out.printf(Locale.ROOT, "%-70s %6d req  %8.1f /s  p50 %6.2f ms  p95 %6.2f ms  ratio to baseline %5.2f%n", name,
                latencies.length - 1, perSecond(latencies), pct(latencies, 0.5), pct(latencies, 0.95),
                perSecond(latencies) / perSecond(baseline));
    }

    private static double perSecond(long[] latencies) {
        return (latencies.length - 1) / (latencies[latencies.length - 1] / 1e9); // the last slot holds the wall time
    }

    private static double pct(long[] latencies, double p) {
        long[] sorted = Arrays.copyOf(latencies, latencies.length - 1);
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** Runs the calls on THREADS threads; returns each latency, plus the wall time in the last slot. */
    private long[] run(int count, IntConsumer call) throws Exception {
        long[] latencies = new long[count + 1];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long t0 = System.nanoTime();
                    call.accept(i);
                    latencies[i] = System.nanoTime() - t0;
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        latencies[count] = System.nanoTime() - started;
        pool.shutdown();
        return latencies;
    }

    private void get(String url) {
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new AssertionError(url + " → " + status);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
