package org.cortege.groups;

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
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.cortege.demo.DemoData;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.LoadRun;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints figures. {@code GET /api/groups?near=…} over {@code bench.groups} groups (20 000
 * by default) spread over France by population, beside the same search run as plain SQL through
 * JDBC in the same run. Run with {@code mvn -pl backend test -Pbenchmark -Dtest=GroupSearchBenchmark}.
 */
@AppTest
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
        long groups = demoDataAtLeast(demo, GROUPS, 0)[0];
        List<DemoData.Supporter> centres = demo.supporters(REQUESTS, 11); // people's places: where searches come from
        String base = server.getURL().toString();

        String http = "GET /api/groups?near=<postal code>&radiusKm=20 (HTTP, JSON)";
        String sql = "same search as plain SQL through JDBC (count + page)";
        IntConsumer viaHttpCall = i -> get(base + "/api/groups?near=" + centres.get(i).postalCode() + "&radiusKm=20");
        IntConsumer viaSqlCall = i -> search.search(new GroupSearch.Query(centres.get(i).lat(), centres.get(i).lng(), 20, null, null, 1, 20));
        LoadRun.run("warm-up", THREADS, 500, viaHttpCall);
        LoadRun.run("warm-up", THREADS, 500, viaSqlCall);

        LoadRun.Result viaHttp = LoadRun.run(http, THREADS, REQUESTS, viaHttpCall);
        LoadRun.Result viaSql = LoadRun.run(sql, THREADS, REQUESTS, viaSqlCall);

        System.out.printf(Locale.ROOT, "%n=== Groups near a point: %d published groups, %d searches from people's places, radius 20 km, "
                + "first page of 20, %d threads ===%n", groups, REQUESTS, THREADS);
        System.out.println(viaHttp.line(viaSql));
        org.cortege.support.BenchTable.row("GroupSearchBenchmark", viaHttp, viaSql);
        System.out.println(viaSql.line(viaSql));
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
