package org.cortege.web;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.cortege.demo.DemoData;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.LoadRun;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints figures. The public reads of a TV night (the movement-wide listing, a week, near
 * a place, groups near a place, the map at street level, the movement's calendar feed) as a visitor
 * makes them, answered from the shared answers of {@link PublicAnswers}, beside the very same
 * requests carrying a session cookie, which the cache never serves, so that each is computed (the
 * baseline, measured in the same run on the same data). Over {@code bench.groups} groups (20 000) and
 * {@code bench.actions} dates (200 000) from the demo generator, {@code bench.threads} client
 * threads (16, as {@code wrk -c16}).
 * Run with {@code mvn -pl backend test -Pbenchmark -Dtest=PublicReadsBenchmark} on a database of its
 * own (DATASOURCES_DEFAULT_URL=…/cortege_bench): the data stays for the next run.
 */
@AppTest
@Property(name = "cortege.mail.poll-interval", value = "1h")
@Property(name = "cortege.events.reminder-before", value = "0s")
@Property(name = "cortege.map.cache-ttl", value = "10s")
@Property(name = "cortege.public-cache.ttl", value = "10s")
@Property(name = "cortege.events.running-ttl", value = "10s") // as in production (the tests turn these off)
class PublicReadsBenchmark extends ApiTest {

    private static final int GROUPS = Integer.getInteger("bench.groups", 20000);
    private static final int ACTIONS = Integer.getInteger("bench.actions", 200000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 4000);
    private static final int THREADS = Integer.getInteger("bench.threads", 16);

    @Inject
    DemoData demo;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void publicReads() throws Exception {
        long[] sizes = demoDataAtLeast(demo, GROUPS, ACTIONS);
        long groups = sizes[0];
        long dates = sizes[1];
        long people = count("SELECT COUNT(*) FROM person");
        ZoneId paris = ZoneId.of("Europe/Paris");
        LocalDate today = LocalDate.now(paris);
        String base = embeddedServer.getURL().toString();
        System.out.printf(Locale.ROOT, "%n=== Public reads: %d published groups, %d dates of actions, %d people; %d requests per line, %d threads%n",
                groups, dates, people, REQUESTS, THREADS);
        List<String[]> lines = List.of(
                new String[] {"next 50 actions, movement-wide", "/api/events?size=50"},
                new String[] {"one week, first 50", "/api/events?size=50&from=" + today + "&to=" + today.plusDays(7)},
                new String[] {"actions near 75011, 20 km", "/api/events?near=75011&radiusKm=20"},
                new String[] {"groups near 75011, 20 km", "/api/groups?near=75011&radiusKm=20"},
                new String[] {"map, street level in Paris (zoom 15)", "/api/map?bbox=2.36,48.85,2.39,48.87&zoom=15"},
                new String[] {"movement calendar feed (500 dates)", "/api/events.ics"});
        System.out.printf(Locale.ROOT, "| request | shared answer: rate, p50 / p95 / p99 | computed each time (session cookie): rate, p50 / p95 / p99 | ratio | size |%n");
        System.out.printf(Locale.ROOT, "| --- | --- | --- | --- | --- |%n");
        for (String[] line : lines) {
            AtomicLong size = new AtomicLong();
            IntConsumer shared = i -> get(base + line[1], null, size);
            IntConsumer computed = i -> get(base + line[1], "cortege_session=benchmark-" + i, size);
            int n = line[1].endsWith(".ics") ? REQUESTS / 10 : REQUESTS;
            LoadRun.run("warm-up", THREADS, Math.min(n, 200), computed);
            LoadRun.Result c = LoadRun.run(line[0] + " (computed)", THREADS, n, computed);
            LoadRun.run("warm-up", THREADS, 200, shared);
            LoadRun.Result s = LoadRun.run(line[0] + " (shared)", THREADS, n, shared);
            System.out.printf(Locale.ROOT, "| %s | %,.0f/s, %.1f / %.1f / %.1f ms | %,.0f/s, %.1f / %.1f / %.1f ms | %.1f | %.0f KB |%n",
                    line[0], s.perSecond(), s.percentileMillis(0.5), s.percentileMillis(0.95), s.percentileMillis(0.99),
                    c.perSecond(), c.percentileMillis(0.5), c.percentileMillis(0.95), c.percentileMillis(0.99),
                    s.perSecond() / c.perSecond(), size.get() / 1024.0);
            org.cortege.support.BenchTable.row("PublicReadsBenchmark", s, c);
        }
    }

    private void get(String url, String cookie, AtomicLong size) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new AssertionError(url + " answered " + r.statusCode() + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            size.set(r.body().length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
