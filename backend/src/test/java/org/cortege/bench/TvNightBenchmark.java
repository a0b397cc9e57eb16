package org.cortege.bench;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cortege.demo.DemoData;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints figures (docs/benchmarks.md). The evening the candidate is on television,
 * compressed: {@code bench.tv.signups} sign-ups (10 000) spread over {@code bench.tv.seconds} (60),
 * each from its own address through the trusted proxy's header and under the production rate
 * limits, while visitors read the home page, the counters, the map, the listing near a place and an
 * action's page as fast as {@code bench.tv.readers} threads (8) can. Then every sign-up's mail is
 * awaited and its link clicked. Loopback only; stops by itself. Reports sign-ups accepted and
 * confirmed (counted in the database), p50/p95/p99 and statuses per request type, and the CPU and
 * memory of the app (a JVM of its own, with the systemd unit's options), of this JVM (the load) and of MariaDB (every {@code mariadbd}: one server or
 * a Galera cluster). On Galera: start {@code docker/galera/cluster.sh DIR up}, then run with
 * {@code DATASOURCES_DEFAULT_URL=jdbc:mariadb://127.0.0.1:3310/cortege}, user and password
 * {@code cortege}.
 */
@AppTest
@Property(name = "cortege.client-address-header", value = "X-Forwarded-For")
@Property(name = "cortege.rate-limits.signup-per-ip", value = "30/1h")
@Property(name = "cortege.rate-limits.signup-per-email", value = "3/1h")
@Property(name = "cortege.rate-limits.confirm-per-ip", value = "60/10m")
@Property(name = "cortege.counters.cache-ttl", value = "5s")
@Property(name = "cortege.map.cache-ttl", value = "10s")
@Property(name = "cortege.public-cache.ttl", value = "10s")
@Property(name = "cortege.events.running-ttl", value = "10s")
// This JVM prepares the data and counts in the database; the app under load runs in a JVM of its own (below).
@Property(name = "cortege.mail.poll-interval", value = "1h")
class TvNightBenchmark extends ApiTest {

    /** The settings of the app under load, as -D flags (the same values as this JVM's embedded app above). */
    private static final Map<String, String> APP_SETTINGS = Map.of(
            "cortege.client-address-header", "X-Forwarded-For",
            "cortege.rate-limits.signup-per-ip", "30/1h",
            "cortege.rate-limits.signup-per-email", "3/1h",
            "cortege.rate-limits.confirm-per-ip", "60/10m",
            "cortege.counters.cache-ttl", "5s",
            "cortege.map.cache-ttl", "10s",
            "cortege.public-cache.ttl", "10s",
            "cortege.events.running-ttl", "10s");

    private static final int SIGNUPS = Integer.getInteger("bench.tv.signups", 10_000);
    private static final int SECONDS = Integer.getInteger("bench.tv.seconds", 60);
    private static final int READERS = Integer.getInteger("bench.tv.readers", 8);
    private static final int SIGNUP_THREADS = 24;

    @Inject
    EmbeddedServer server;

    @Inject
    DemoData demo;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private record Call(String kind, long nanos, int status) {
    }

    /**
     * The app as operators run it: the JVM options of the systemd unit ({@code docker/systemd/cortege.service},
     * the same heap as the Docker image's {@code APP_HEAP}), in a process of its own so that its memory
     * and CPU are its own, on this run's database and mail server.
     */
    private Process startApp(int port) throws IOException {
        Path cwd = Path.of(System.getProperty("user.dir"));
        Path root = cwd.getFileName().toString().equals("backend") ? cwd.getParent() : cwd;
        String exec = Files.readAllLines(root.resolve("docker/systemd/cortege.service")).stream().filter(l -> l.startsWith("ExecStart="))
                .findFirst().orElseThrow();
        List<String> unitOptions = Arrays.asList(exec.substring(exec.indexOf("java ") + 5, exec.indexOf(" -jar ")).trim().split("\\s+"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(unitOptions);
        command.add("-Dmicronaut.environments=test");
        Map<String, String> props = new TreeMap<>(APP_SETTINGS);
        props.put("datasources.default.url", server.getApplicationContext().getRequiredProperty("datasources.default.url", String.class));
        props.put("datasources.default.username", server.getApplicationContext().getProperty("datasources.default.username", String.class).orElse(""));
        props.put("datasources.default.password", server.getApplicationContext().getProperty("datasources.default.password", String.class).orElse(""));
        props.put("micronaut.server.port", Integer.toString(port));
        props.put("endpoints.all.port", Integer.toString(org.cortege.support.FreePort.next()));
        props.put("cortege.mail.smtp.host", "127.0.0.1");
        props.put("cortege.mail.smtp.port", Integer.toString(TestMail.port()));
        props.put("cortege.mail.smtp.tls", "none");
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.cortege.Application"));
        appOptions = String.join(" ", unitOptions);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Path.of("target", "tv-night-app.log").toFile()).start();
    }

    private String appOptions = "";

    private void awaitUp(String base) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (get(base + "/api/counters", "10.255.255.1") == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the app under load did not start: target/tv-night-app.log");
    }

    @Test
    void tvNight() throws Exception {
        int port = org.cortege.support.FreePort.next();
        Process app = startApp(port);
        try {
            String base = "http://127.0.0.1:" + port;
            awaitUp(base);
            tvNight(base, app.pid());
        } finally {
            app.destroy();
            app.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private void tvNight(String base, long appPid) throws Exception {
        if (count("SELECT COUNT(*) FROM event_occurrence WHERE starts_at > NOW()") < 5000) {
            demo.insertGroups(2000, 7);
            demo.insertActions(20_000, 7);
        }
        String action = string("SELECT e.slug FROM event e JOIN event_occurrence o ON o.event_id = e.id WHERE o.state = 'ON' "
                + "AND o.starts_at > NOW() AND e.status = 'PUBLISHED' ORDER BY o.starts_at LIMIT 1");
        Map<String, String> reads = Map.of(
                "GET / (home page, first paint)", base + "/",
                "GET /api/counters", base + "/api/counters",
                "GET /api/map (France, zoom 6)", base + "/api/map?bbox=-5.5,41.2,9.8,51.2&zoom=6",
                "GET /api/events?near=75011&radiusKm=20", base + "/api/events?near=75011&radiusKm=20",
                "GET /actions/<slug> (an action's page)", base + "/actions/" + action);
        List<String> readKinds = new ArrayList<>(new TreeMap<>(reads).keySet());
        // Warm-up: JIT, pools, caches.
        for (int i = 0; i < 300; i++) {
            get(reads.get(readKinds.get(i % readKinds.size())), "10.255.0." + (i % 250));
        }

        long seed = System.nanoTime();
        List<DemoData.Supporter> people = demo.supporters(SIGNUPS, seed);
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        Map<String, Integer> accepted = new ConcurrentHashMap<>();
        AtomicBoolean signupsDone = new AtomicBoolean();
        Usage usage = new Usage(appPid);
        usage.start();
        long start = System.nanoTime();
        long spacing = SECONDS * 1_000_000_000L / SIGNUPS;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < SIGNUP_THREADS; t++) {
            int first = t;
            threads.add(started(() -> {
                for (int j = first; j < SIGNUPS; j += SIGNUP_THREADS) {
                    long due = start + j * spacing;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                    DemoData.Supporter s = people.get(j);
                    String email = "tv-" + Long.toHexString(seed) + "-" + j + "@cortege.test";
                    long t0 = System.nanoTime();
                    int status = post(base + "/api/signup", body(s, email), address(j));
                    calls.add(new Call("POST /api/signup", System.nanoTime() - t0, status));
                    if (status == 202) {
                        accepted.put(email, j);
                    }
                }
            }));
        }
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            int offset = r;
            readers.add(started(() -> {
                for (int i = offset; !signupsDone.get(); i++) {
                    String kind = readKinds.get(i % readKinds.size());
                    long t0 = System.nanoTime();
                    int status = get(reads.get(kind), address(SIGNUPS + (i % 5000)));
                    calls.add(new Call(kind, System.nanoTime() - t0, status));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double signupSeconds = (System.nanoTime() - start) / 1e9;
        signupsDone.set(true);
        for (Thread t : readers) {
            t.join();
        }
        double phaseSeconds = (System.nanoTime() - start) / 1e9;
        Usage.Figures during = usage.finish();

        // The mails go out at the outbox's pace; then everyone clicks their link.
        long mailsFrom = System.nanoTime();
        List<String> emails = new ArrayList<>(accepted.keySet());
        long deadline = System.currentTimeMillis() + 10 * 60_000L;
        Map<String, String> tokens = new ConcurrentHashMap<>();
        while (tokens.size() < emails.size() && System.currentTimeMillis() < deadline) {
            for (MimeMessage m : TestMail.server().getReceivedMessages()) {
                String to = m.getAllRecipients()[0].toString();
                if (accepted.containsKey(to) && !tokens.containsKey(to)) {
                    tokens.put(to, TestMail.token(m));
                }
            }
            if (tokens.size() < emails.size()) {
                Thread.sleep(1000);
            }
        }
        double mailSeconds = (System.nanoTime() - mailsFrom) / 1e9;
        ConcurrentLinkedQueue<Call> confirms = new ConcurrentLinkedQueue<>();
        List<Thread> clickers = new ArrayList<>();
        List<String> withToken = new ArrayList<>(tokens.keySet());
        long confirmStart = System.nanoTime();
        for (int t = 0; t < 8; t++) {
            int first = t;
            clickers.add(started(() -> {
                for (int j = first; j < withToken.size(); j += 8) {
                    String email = withToken.get(j);
                    long t0 = System.nanoTime();
                    int status = post(base + "/api/signup/confirm", "{\"token\":\"" + tokens.get(email) + "\"}", address(accepted.get(email)));
                    confirms.add(new Call("POST /api/signup/confirm (the mail's link)", System.nanoTime() - t0, status));
                }
            }));
        }
        for (Thread t : clickers) {
            t.join();
        }
        double confirmSeconds = (System.nanoTime() - confirmStart) / 1e9;
        String like = "tv-" + Long.toHexString(seed) + "-%";
        long stored = count("SELECT COUNT(*) FROM person WHERE email LIKE ?", like);
        long confirmed = count("SELECT COUNT(*) FROM person WHERE email LIKE ? AND status = 'CONFIRMED'", like);

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n=== TV night: %d sign-ups due over %d s from %d addresses, %d reader threads, %d CPU; "
                        + "database %s; %d dates of actions ahead ===%n", SIGNUPS, SECONDS, SIGNUPS, READERS,
                Runtime.getRuntime().availableProcessors(), server.getApplicationContext().getProperty("datasources.default.url", String.class).orElse("?").replaceAll("\\?.*", ""),
                count("SELECT COUNT(*) FROM event_occurrence WHERE starts_at > NOW()")));
        out.append(String.format(Locale.ROOT, "sign-ups: %d sent in %.1f s, %d accepted (202), %d stored (none lost: %s); mails for all "
                        + "accepted in %.1f s more; %d links clicked in %.1f s, %d confirmed in the database%n", SIGNUPS, signupSeconds,
                accepted.size(), stored, stored == accepted.size() ? "yes" : "NO", mailSeconds, withToken.size(), confirmSeconds, confirmed));
        List<Call> all = new ArrayList<>(calls);
        all.addAll(confirms);
        for (String kind : all.stream().map(Call::kind).distinct().sorted().toList()) {
            List<Call> of = all.stream().filter(c -> c.kind().equals(kind)).toList();
            long[] nanos = of.stream().mapToLong(Call::nanos).sorted().toArray();
            Map<Integer, Long> statuses = new TreeMap<>();
            of.forEach(c -> statuses.merge(c.status(), 1L, Long::sum));
            double seconds = kind.startsWith("POST /api/signup/confirm") ? confirmSeconds : kind.startsWith("POST") ? signupSeconds : phaseSeconds;
            out.append(String.format(Locale.ROOT, "%-48s %7d req %8.1f /s  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  statuses %s%n", kind,
                    nanos.length, nanos.length / seconds, pct(nanos, 0.50), pct(nanos, 0.95), pct(nanos, 0.99), statuses));
        }
        out.append(String.format(Locale.ROOT, "during the sign-ups: the app (its own JVM: %s) %.2f cores on average, %d MB resident at most "
                        + "(its peak over the whole run, mails and clicks included: %d MB); the load generator (this JVM) %.2f cores; MariaDB "
                        + "(%d mariadbd) %.2f cores, %d MB resident at most%n", appOptions, during.appCores(), during.appRssMb(),
                Usage.peakRssKb(appPid) >> 10, during.loadCores(), during.dbProcesses(), during.dbCores(), during.dbRssMb()));
        System.out.print(out);
        org.cortege.support.BenchTable.row("TvNightBenchmark", "sign-ups accepted per second, while 8 threads read the public pages",
                String.format(Locale.ROOT, "%.1f/s (%d of %d stored and confirmed)", accepted.size() / signupSeconds, confirmed, SIGNUPS),
                String.format(Locale.ROOT, "the rush's own rate: %.1f/s", SIGNUPS / (double) SECONDS), accepted.size() / signupSeconds / (SIGNUPS / (double) SECONDS));
        org.cortege.support.BenchTable.row("TvNightBenchmark", "the app's peak resident memory over the run (" + appOptions + ")",
                (Usage.peakRssKb(appPid) >> 10) + " MB", "target: 512 MB", (Usage.peakRssKb(appPid) >> 10) / 512.0);
        Files.writeString(Path.of("target", "tv-night.txt"), out.toString());
    }

    private static Thread started(Runnable work) {
        Thread t = new Thread(work);
        t.start();
        return t;
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** A distinct address per visitor, as the proxy would write it. */
    private static String address(int i) {
        return "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    private static String body(DemoData.Supporter s, String email) {
        return "{\"email\":\"" + email + "\",\"firstName\":\"" + s.firstName() + "\",\"lastName\":\"" + s.lastName().replace("\"", "")
                + "\",\"postalCode\":\"" + s.postalCode() + "\",\"consent\":true,\"consentVersion\":\"2026-11\"}";
    }

    private int post(String url, String json, String address) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("X-Forwarded-For", address).header("Accept-Language", "fr").POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private int get(String url, String address) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("X-Forwarded-For", address)
                    .header("Accept-Language", "fr").GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU time and resident memory of this JVM and of every mariadbd, sampled each second from /proc. */
    private static final class Usage extends Thread {
        record Figures(double appCores, long appRssMb, double loadCores, int dbProcesses, double dbCores, long dbRssMb) {
        }

        private final long appPid;
        private volatile boolean running = true;
        private long appRss;
        private long appTicks0;
        private long dbRss;
        private int dbCount;
        private long appCpu0;
        private long dbTicks0;
        private long wall0;

        Usage(long appPid) {
            setDaemon(true);
            this.appPid = appPid;
            appCpu0 = appCpuNanos();
            appTicks0 = ticks(appPid);
            dbTicks0 = dbTicks();
            wall0 = System.nanoTime();
        }

        @Override
        public void run() {
            while (running) {
                appRss = Math.max(appRss, rssKb(appPid));
                long sum = 0;
                List<Long> pids = dbPids();
                dbCount = Math.max(dbCount, pids.size());
                for (long pid : pids) {
                    sum += rssKb(pid);
                }
                dbRss = Math.max(dbRss, sum);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Figures finish() throws InterruptedException {
            running = false;
            interrupt();
            join();
            double wall = (System.nanoTime() - wall0) / 1e9;
            return new Figures((ticks(appPid) - appTicks0) / 100.0 / wall, appRss >> 10, (appCpuNanos() - appCpu0) / 1e9 / wall, dbCount,
                    (dbTicks() - dbTicks0) / 100.0 / wall, dbRss >> 10);
        }

        private static long appCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private static List<Long> dbPids() {
            return ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/mariadbd")).orElse(false))
                    .map(ProcessHandle::pid).toList();
        }

        /** utime + stime of every mariadbd, in clock ticks (100 per second on Linux). */
        private static long dbTicks() {
            long ticks = 0;
            for (long pid : dbPids()) {
                ticks += ticks(pid);
            }
            return ticks;
        }

        /** utime + stime of one process, in clock ticks; 0 when it is gone. */
        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** The kernel's high-water mark of the process's resident memory since it started. */
        static long peakRssKb(long pid) {
            return statusKb(pid, "VmHWM:");
        }

        static long rssKb(long pid) {
            return statusKb(pid, "VmRSS:");
        }

        /** A field of /proc/PID/status, in kB; 0 when the process is gone. */
        private static long statusKb(long pid, String field) {
            try {
                return Arrays.stream(Files.readString(Path.of("/proc", Long.toString(pid), "status")).split("\n"))
                        .filter(l -> l.startsWith(field)).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
