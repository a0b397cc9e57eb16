package org.cortege.web;

import io.micronaut.core.type.Argument;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints figures. The home, an action, the list of actions and the map, loaded in
 * Debian's Chromium on Lighthouse's throttled-phone profile (e2e/perf.mjs): first and largest
 * contentful paint and JavaScript transferred, for a first visit (the baseline: empty cache) and a
 * repeat visit in the same run (built files cached a year, the app's HTML revalidated).
 * Run with {@code mvn -pl backend test -Pbenchmark -Dtest=PageSpeedBenchmark}.
 */
@AppTest
class PageSpeedBenchmark extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        // tiles from a local port that refuses at once: no third-party server in the figures
        return Map.of("cortege.map.tiles-url", "http://127.0.0.1:9/{z}/{x}/{y}.png");
    }

    @Test
    void pagesOnAThrottledPhone() throws Exception {
        GroupRef group = aGroupFoundedBy(confirmedSupporter(newEmail()), unique("Groupe du Panier"), "13001");
        Map<String, Object> b = actionBody("Tractage au marché du Prado", LocalDate.now().plusDays(10));
        b.put("description", "Rendez-vous **devant l’entrée principale** avec des tracts et des affiches.");
        ActionRef created = anActionOf(group, b);
        AtomicReference<String> figures = new AtomicReference<>();
        BrowserJourney.run("perf.mjs", List.of("http://localhost:" + embeddedServer.getPort(), created.slug()), q -> {
            figures.set(q.substring("FIGURES ".length(), q.length() - 1).strip());
            return "ok";
        });
        List<Map<String, Object>> rows = json.readValue(figures.get(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        System.out.println("\nPage speed, throttled phone (RTT 150 ms, 1.6 Mbit/s, CPU ×4), Chromium " + BrowserJourney.chromium());
        System.out.println("| page | visit | FCP | LCP | load | JS transferred | JS (decoded) | JS files | map library | largest paint | LCP ratio to first visit |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Map<String, Double> firstLcp = new HashMap<>();
        for (Map<String, Object> r : rows) {
            double lcp = ((Number) r.get("lcp")).doubleValue();
            if ("first".equals(r.get("visit"))) {
                firstLcp.put((String) r.get("page"), lcp);
            }
            System.out.printf("| %s | %s | %d ms | %d ms | %d ms | %.1f kB | %.1f kB | %d | %s | %s | %.2f |%n", r.get("page"), r.get("visit"),
                    ((Number) r.get("fcp")).intValue(), (int) lcp, ((Number) r.get("load")).intValue(),
                    ((Number) r.get("jsTransferred")).doubleValue() / 1024, ((Number) r.get("jsDecoded")).doubleValue() / 1024,
                    ((Number) r.get("jsFiles")).intValue(), Boolean.TRUE.equals(r.get("leaflet")) ? "yes" : "no",
                    "`" + r.get("lcpElement") + "`", lcp / firstLcp.getOrDefault((String) r.get("page"), lcp));
            if ("repeat".equals(r.get("visit"))) {
                org.cortege.support.BenchTable.row("PageSpeedBenchmark", r.get("page") + ": LCP of a repeat visit, throttled phone", (int) lcp + " ms",
                        "its first visit: " + firstLcp.getOrDefault((String) r.get("page"), lcp).intValue() + " ms",
                        lcp / firstLcp.getOrDefault((String) r.get("page"), lcp));
            }
        }
    }
}
