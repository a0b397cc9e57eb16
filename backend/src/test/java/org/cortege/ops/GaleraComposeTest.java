package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortege.support.Processes;
import org.cortege.support.Processes.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docker/compose.galera.yaml run for real, as three machines would run it: three compose projects on the
 * host's network, each with its own address on loopback (127.0.0.31-33, standing in for the machines'
 * private addresses), each running a Galera node, haproxy and the app; the first also Caddy in front of
 * the three apps. The cluster bootstraps from the first machine (GALERA_BOOTSTRAP=new) and the two others
 * join it by a full state transfer (mariadb-backup); a sign-up through Caddy is on all three nodes; then,
 * under sign-ups sent to the three apps, the writing node's MariaDB is killed (kill -9 from the host):
 * Docker restarts it, start.sh recovers its position, it rejoins by an incremental transfer, and every
 * sign-up answered 202 is on all three nodes, none answered 500. A dump on one machine; a power cut of the three
 * databases and a planned stop of all three, after each of which the cluster forms again by itself with every sign-up;
 * the apps reconnect without a restart. The first machine's disk replaced with GALERA_BOOTSTRAP=new still set: it joins
 * the running cluster; and when the others are stopped, the empty cluster it starts is refused by a node holding the data. Base images are the ones
 * .ci/images/build.sh makes from Debian's mirror. Skipped, saying why, without Docker, docker-compose or them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GaleraComposeTest {

    private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    private static final int HTTP = 29080;
    private static final int HTTPS = 29443;
    private static final String ORIGIN = "https://localhost";

    private final List<Map<String, String>> machines = new ArrayList<>();
    private final String dbPassword = "app-" + UUID.randomUUID();
    private String rootPassword;
    private Path dir;
    private boolean started;

    private record Answer(String email, int app, int status, long at, boolean retryAfter) {
    }

    @BeforeAll
    void up() throws Exception {
        Assumptions.assumeTrue(docker(30, "info").exit() == 0, "no Docker engine (.ci/run starts one)");
        Assumptions.assumeTrue(Processes.run(List.of("docker-compose", "version"), Map.of(), DOCKER, 30).exit() == 0,
                "no docker-compose (.ci/run installs it)");
        for (String image : List.of("cortege-local/mariadb:11.8", "cortege-local/jdk:17", "cortege-local/jre:17", "cortege-local/caddy:2",
                "cortege-local/haproxy:2")) {
            Assumptions.assumeTrue(docker(30, "image", "inspect", image).exit() == 0, image + " is missing (.ci/images/build.sh makes it)");
        }
        dir = Files.createTempDirectory("cortege-galera-");
        Path keys = Files.createDirectories(dir.resolve("mariadb-keys"));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(keys.resolve("keyfile"), "1;" + HexFormat.of().formatHex(key) + "\n");
        Files.setPosixFilePermissions(keys.resolve("keyfile"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, Processes.run(List.of("chown", "-R", "999:999", keys.toString()), Map.of(), DOCKER, 30).exit(), "chown needs root");
        // The cluster's certificates, made as docs/scaling.md says: galera/make-certs.sh, then each machine's key given to MariaDB's user.
        Run certs = Processes.run(List.of("bash", DOCKER.resolve("galera/make-certs.sh").toString(), dir.resolve("tls").toString(), address(1),
                address(2), address(3)), Map.of(), DOCKER, 60);
        assertEquals(0, certs.exit(), certs.output());
        for (int n = 1; n <= 3; n++) {
            assertEquals(0, Processes.run(List.of("chown", "999:999", dir.resolve("tls/node" + n + "/node-key.pem").toString()), Map.of(), DOCKER, 30)
                    .exit());
        }
        rootPassword = "root-" + UUID.randomUUID();
        String checkPassword = "check-\"" + UUID.randomUUID() + "\\'$"; // quotes, a backslash and a dollar reach both ends intact
        for (int n = 1; n <= 3; n++) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("COMPOSE_PROJECT_NAME", "cortegegalera" + n);
            env.put("DB_PASSWORD", dbPassword);
            env.put("DB_ROOT_PASSWORD", rootPassword);
            env.put("DB_CHECK_PASSWORD", checkPassword);
            env.put("DB_KEYS_DIR", keys.toString());
            env.put("GALERA_TLS_DIR", dir.resolve("tls/node" + n).toString());
            env.put("DB_BUFFER_POOL", "128M");
            env.put("DB_MEMORY", "1g");
            env.put("GALERA_GCACHE", "64M");
            env.put("NODE_NAME", "db" + n);
            env.put("NODE_ADDRESS", address(n));
            env.put("HAPROXY_ADDRESS", address(n)); // one loopback for three "machines": each haproxy on its own address
            env.put("GALERA_NODE1", address(1));
            env.put("GALERA_NODE2", address(2));
            env.put("GALERA_NODE3", address(3));
            env.put("FRONT_ADDRESS", "127.0.0.1"); // Caddy reaches the apps from loopback's own address
            // so do the nodes each other (on real machines, each connects from its own address)
            env.put("GALERA_ALLOWLIST_EXTRA", ",127.0.0.1");
            env.put("CORTEGE_DOMAIN", "localhost");
            env.put("ACME_EMAIL", "tech@example.org");
            env.put("CORTEGE_ORGANIZATION_NAME", "Mon mouvement");
            env.put("CORTEGE_PRIVACY_CONTACT", "dpo@example.org");
            env.put("CORTEGE_ADMIN_EMAILS", "admin@example.org");
            env.put("CORTEGE_MAIL_FROM", "Mon mouvement <contact@example.org>");
            env.put("CORTEGE_MAIL_SMTP_HOST", "smtp.invalid");
            env.put("CORTEGE_VERSION", "galera-test");
            env.put("HTTP_PORT", Integer.toString(HTTP));
            env.put("HTTPS_PORT", Integer.toString(HTTPS));
            env.put("MARIADB_IMAGE", "cortege-local/mariadb:11.8");
            env.put("CADDY_IMAGE", "cortege-local/caddy:2");
            env.put("HAPROXY_IMAGE", "cortege-local/haproxy:2");
            env.put("BUILD_IMAGE", "cortege-local/jdk:17");
            env.put("RUNTIME_IMAGE", "cortege-local/jre:17");
            if (n == 1) {
                env.put("GALERA_BOOTSTRAP", "new");
                env.put("CORTEGE_APPLY_MIGRATIONS", "true");
                env.put("COMPOSE_PROFILES", "front");
            }
            machines.add(env);
        }
        for (int n = 3; n >= 1; n--) {
            compose(n, 120, "down", "-v");
        }
        started = true;
        long start = System.nanoTime();
        Run build = compose(1, 1500, "build");
        assertEquals(0, build.exit(), Processes.tail(build.output()));
        long built = System.nanoTime();
        // The machines' databases one after the other, as docs/scaling.md says: the first bootstraps, the others join.
        for (int n = 1; n <= 3; n++) {
            Run up = compose(n, 300, "up", "-d", "db", "haproxy");
            assertEquals(0, up.exit(), Processes.tail(up.output()));
            awaitSynced(n, n, Duration.ofMinutes(3));
        }
        long clustered = System.nanoTime();
        for (int n = 1; n <= 3; n++) {
            Run up = compose(n, 600, "up", "-d");
            assertEquals(0, up.exit(), Processes.tail(up.output()));
        }
        awaitSite(Duration.ofMinutes(4));
        System.out.printf("Galera compose: images built in %d s, three nodes Synced %d s later, the site up through Caddy %d s after that%n",
                TimeUnit.NANOSECONDS.toSeconds(built - start), TimeUnit.NANOSECONDS.toSeconds(clustered - built),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - clustered));
    }

    @AfterAll
    void down() throws Exception {
        if (started) {
            for (int n = 1; n <= 3; n++) {
                System.out.println(Processes.tail(compose(n, 60, "logs", "--tail=15", "db", "app").output()));
            }
            for (int n = 3; n >= 1; n--) {
                compose(n, 180, "down", "-v");
            }
            docker(60, "rmi", "cortege:galera-test", "cortege-haproxy:galera-test");
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void threeMachinesTakeSignUpsAndOutliveTheirWriter() throws Exception {
        HttpClient https = Processes.trustingClient();
        String first = "galera-front-" + UUID.randomUUID().toString().substring(0, 8) + "@exemple.org";
        HttpResponse<String> viaFront = https.send(signUp(URI.create("https://localhost:" + HTTPS + "/api/signup"), first, null),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, viaFront.statusCode(), viaFront.body());
        for (int n = 1; n <= 3; n++) {
            assertEquals(1, count(n, Set.of(first)), "the sign-up through Caddy is on node " + n);
        }

        // Between the databases and to them, nothing in clear (Caddy's requests to the apps and haproxy's peers still are:
        // docs/scaling.md). SQL over TCP without TLS is refused; Galera's port answers with TLS and a certificate of the
        // cluster's authority; the full copies to the two joining nodes went over TLS, the joiner decrypting and the donor
        // encrypting with the authority given to check the other end.
        SQLException plain = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:mariadb://" + address(2) + ":3306/cortege?sslMode=disable", "cortege", dbPassword).close());
        assertTrue(plain.getMessage().contains("insecure transport"), plain.getMessage());
        Run galeraPort = Processes.run(List.of("sh", "-c", "openssl s_client -connect " + address(2) + ":4567 -CAfile " + dir.resolve("tls/ca.pem")
                + " -verify_return_error </dev/null 2>&1"), Map.of(), DOCKER, 30);
        System.out.println("Galera compose: openssl s_client to Galera's port:\n" + Processes.tail(galeraPort.output()));
        assertTrue(galeraPort.output().contains("Verify return code: 0 (ok)"), Processes.tail(galeraPort.output()));
        String tlsCa = "ca='/etc/mysql/galera-tls/ca.pem'";
        StringBuilder donorLogs = new StringBuilder();
        for (int n = 1; n <= 3; n++) {
            String log = docker(60, "logs", "cortegegalera" + n + "_db_1").output();
            if (n > 1) {
                assertTrue(log.lines().anyMatch(l -> l.contains("Decrypting with cert='/etc/mysql/galera-tls/node.pem'") && l.contains(tlsCa)),
                        "node " + n + " received its full copy over TLS, the donor's certificate checked\n" + Processes.tail(log));
            }
            log.lines().filter(l -> l.contains("Encrypting with cert=")).forEach(l -> donorLogs.append(l).append('\n'));
        }
        assertEquals(2, donorLogs.toString().lines().filter(l -> l.contains(tlsCa)).count(),
                "two full copies sent over TLS, the joiner's certificate checked\n" + donorLogs);

        // Which node the machines write to: haproxy's choice, the same for every connection of a machine, and, haproxy's
        // peers sharing it, the same for the three machines.
        List<String> initial = writers();
        assertEquals(1, Set.copyOf(initial).size(), "the three machines write to one node: " + initial);
        // The choice is shared, not merely alike: machine 1's haproxy alone is told to leave that node (by hand, its runtime
        // API); the two other haproxies still see the node healthy, yet follow, through their peers.
        haproxy(1, "set server galera/" + initial.get(0) + " state maint");
        List<String> writers = writers();
        for (int i = 0; i < 20 && (writers.contains(initial.get(0)) || Set.copyOf(writers).size() != 1); i++) {
            Thread.sleep(500);
            writers = writers();
        }
        assertEquals(1, Set.copyOf(writers).size(), "the three machines moved together: " + writers);
        assertTrue(!writers.contains(initial.get(0)), "away from the node machine 1 left: " + writers);
        haproxy(1, "set server galera/" + initial.get(0) + " state ready");
        Thread.sleep(3000);
        assertEquals(writers, writers(), "no failback when the node is back");
        int victim = Integer.parseInt(writers.get(0).substring(2));
        String container = "cortegegalera" + victim + "_db_1";

        // Sign-ups to the three apps, each from an address of its own (X-Forwarded-For from the trusted front's address).
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sequence = new AtomicInteger();
        long t0 = System.currentTimeMillis();
        List<Thread> load = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            int app = n;
            URI uri = URI.create("http://" + address(n) + ":8080/api/signup");
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    int i = sequence.incrementAndGet();
                    String email = "galera-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@exemple.org";
                    String client = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
                    try {
                        HttpResponse<String> r = http.send(signUp(uri, email, client), HttpResponse.BodyHandlers.ofString());
                        answers.add(new Answer(email, app, r.statusCode(), System.currentTimeMillis() - t0,
                                r.headers().firstValue("Retry-After").isPresent()));
                        if (r.statusCode() != 202) {
                            Thread.sleep(200);
                        }
                    } catch (IOException e) {
                        answers.add(new Answer(email, app, -1, System.currentTimeMillis() - t0, false));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
            load.add(thread);
        }
        Thread.sleep(5000);
        String pid = docker(30, "inspect", "-f", "{{.State.Pid}}", container).output().trim();
        String since = java.time.Instant.now().minusSeconds(1).toString();
        long killedAt = System.currentTimeMillis() - t0;
        assertEquals(0, Processes.run(List.of("kill", "-9", pid), Map.of(), DOCKER, 30).exit(), "kill -9 " + pid);
        // Docker restarts the container (restart: unless-stopped); start.sh recovers the position, the node rejoins.
        Thread.sleep(3000);
        long rejoinStart = System.nanoTime();
        awaitSynced(victim, 3, Duration.ofMinutes(4));
        long rejoined = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - rejoinStart) + 3;
        List<String> afterKill = writers();
        assertEquals(1, Set.copyOf(afterKill).size(), "after the kill, the three machines write to one node again: " + afterKill);
        assertTrue(!afterKill.contains(writers.get(0)), "no machine went back to the killed node: " + afterKill);

        // A node desynced (wsrep_desync, as a backup tool does on a donor) is still in the cluster and keeps its traffic:
        // moving writers for it would be a needless failover.
        int current = Integer.parseInt(afterKill.get(0).substring(2));
        rootSql(current, "SET GLOBAL wsrep_desync = ON");
        Thread.sleep(6000);
        assertEquals(afterKill, writers(), "a desynced node keeps the writes");
        rootSql(current, "SET GLOBAL wsrep_desync = OFF");

        // The writer cut off from the two others while it still answers SQL (its cluster address emptied: it leaves the
        // cluster as a broken network would leave it alone): it refuses writes, a handshake would not tell; haproxy's check
        // reads its state and the three machines move to another node.
        long isolatedAt = System.currentTimeMillis() - t0;
        rootSql(current, "SET GLOBAL wsrep_cluster_address = ''");
        List<String> afterIsolation = writers();
        for (int i = 0; i < 30 && (afterIsolation.contains(afterKill.get(0)) || Set.copyOf(afterIsolation).size() != 1); i++) {
            Thread.sleep(1000);
            afterIsolation = writers();
        }
        long movedIn = System.currentTimeMillis() - t0 - isolatedAt;
        assertEquals(1, Set.copyOf(afterIsolation).size(), "the three machines moved to one node: " + afterIsolation);
        assertTrue(!afterIsolation.contains(afterKill.get(0)), "no machine writes to the isolated node: " + afterIsolation);
        Thread.sleep(5000);
        String isolatedState = rootSql(current, "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_status', 'wsrep_ready')");
        assertTrue(!isolatedState.matches("(?s).*wsrep_cluster_status\\s+Primary\\b.*") && isolatedState.contains("OFF"),
                "the cut-off node is out of the primary component and not ready, and still answers: " + isolatedState);
        rootSql(current, "SET GLOBAL wsrep_cluster_address = 'gcomm://" + address(1) + "," + address(2) + "," + address(3) + "'");
        awaitSynced(current, 3, Duration.ofMinutes(3));
        Thread.sleep(5000);
        stop.set(true);
        for (Thread thread : load) {
            thread.join(40_000);
        }

        List<Answer> all = new ArrayList<>(answers);
        Set<String> accepted = new TreeSet<>();
        int unavailable = 0;
        List<Long> acceptedAt = new ArrayList<>();
        for (Answer a : all) {
            assertTrue(a.status() == 202 || a.status() == 503 && a.retryAfter(), "202, or 503 with Retry-After while the writer changes: " + a);
            if (a.status() == 202) {
                accepted.add(a.email());
                acceptedAt.add(a.at());
            } else if (a.status() == 503) {
                unavailable++;
            }
        }
        // The write stall: the longest time without an answered sign-up, from the kill on.
        acceptedAt.add(killedAt);
        List<Long> times = acceptedAt.stream().filter(t -> t >= killedAt).sorted().toList();
        long stall = 0;
        for (int i = 1; i < times.size(); i++) {
            stall = Math.max(stall, times.get(i) - times.get(i - 1));
        }
        long acceptedAfter = all.stream().filter(a -> a.status() == 202 && a.at() > killedAt).count();
        for (int n = 1; n <= 3; n++) {
            int app = n;
            long ofApp = all.stream().filter(a -> a.app() == app && a.status() == 202 && a.at() > killedAt && a.at() < isolatedAt).count();
            assertTrue(ofApp > 5, "the app of machine " + n + " went on taking sign-ups after the kill: " + ofApp);
            long afterCut = all.stream().filter(a -> a.app() == app && a.status() == 202 && a.at() > isolatedAt).count();
            assertTrue(afterCut > 5, "the app of machine " + n + " went on taking sign-ups after its writer was cut off: " + afterCut);
        }
        long unavailableAfterCut = all.stream().filter(a -> a.status() == 503 && a.at() > isolatedAt).count();
        for (int n = 1; n <= 3; n++) {
            assertEquals(accepted.size(), count(n, accepted), "every sign-up answered 202 is on node " + n);
        }
        String logs = docker(60, "logs", "--since", since, container).output();
        assertTrue(logs.matches("(?s).*cortege-galera: recovered position [0-9a-f-]+:[0-9]+: rejoining.*"),
                "start.sh recovered the killed node's position\n" + Processes.tail(logs));
        assertTrue(logs.contains("IST received"), "the node rejoined by an incremental transfer\n" + Processes.tail(logs));
        // No full copy: the joiner's script starts in both cases, but a donor asked for an incremental transfer only runs its
        // script with --bypass (nothing copied by mariadb-backup), and no donor ran it without.
        StringBuilder donors = new StringBuilder();
        for (int n = 1; n <= 3; n++) {
            if (n != victim) {
                docker(60, "logs", "--since", since, "cortegegalera" + n + "_db_1").output().lines()
                        .filter(l -> l.contains("--role 'donor'") || l.contains("--role donor")).forEach(l -> donors.append(l).append('\n'));
            }
        }
        System.out.println("Galera compose: donors' state-transfer scripts since the kill:\n" + donors);
        assertTrue(donors.toString().contains("--bypass"), "a donor served the rejoin by IST\n" + donors);
        assertTrue(donors.toString().lines().allMatch(l -> l.contains("--bypass")), "no donor made a full copy\n" + donors);
        assertEquals("1", docker(30, "inspect", "-f", "{{.RestartCount}}", container).output().trim(), "Docker restarted it once");
        // The nightly dump, taken on one machine's node as docs/scaling.md says.
        Path backups = Files.createDirectories(dir.resolve("backups"));
        Map<String, String> backupEnv = new LinkedHashMap<>(machines.get(1));
        backupEnv.put("COMPOSE_FILE", "compose.galera.yaml");
        Run backup = Processes.run(List.of("bash", DOCKER.resolve("backup.sh").toString(), "--compose", backups.toString()), backupEnv, DOCKER,
                600);
        assertEquals(0, backup.exit(), backup.output());
        Path dump = Path.of(backup.output().lines().reduce((a, b) -> b).orElseThrow().trim());
        String head = new String(new java.util.zip.GZIPInputStream(Files.newInputStream(dump)).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(head.contains("-- CHANGE MASTER TO MASTER_LOG_FILE='mariadb-bin.") && head.contains(first),
                "the dump holds the sign-ups and the node's binary-log position");

        // A power cut: the three databases killed at once. Docker restarts them and Galera forms the cluster again by
        // itself once all three are back (pc.recovery), with everything committed.
        long cut = System.nanoTime();
        for (int n = 1; n <= 3; n++) {
            String nodePid = docker(30, "inspect", "-f", "{{.State.Pid}}", "cortegegalera" + n + "_db_1").output().trim();
            assertEquals(0, Processes.run(List.of("kill", "-9", nodePid), Map.of(), DOCKER, 30).exit());
        }
        Thread.sleep(3000);
        for (int n = 1; n <= 3; n++) {
            awaitSynced(n, 3, Duration.ofMinutes(4));
        }
        long afterCut = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cut);
        for (int n = 1; n <= 3; n++) {
            assertEquals(accepted.size(), count(n, accepted), "after the power cut, node " + n + " still holds every sign-up");
        }

        // A planned stop of all three (machine 1 leaves last), started again in another order: the node that left last
        // starts the cluster again by itself (safe_to_bootstrap), the others join it.
        for (int n : new int[] {3, 2, 1}) {
            assertEquals(0, compose(n, 180, "stop", "db").exit());
        }
        long restart = System.nanoTime();
        for (int n : new int[] {2, 3, 1}) {
            assertEquals(0, compose(n, 180, "start", "db").exit());
        }
        for (int n = 1; n <= 3; n++) {
            awaitSynced(n, 3, Duration.ofMinutes(5));
        }
        long afterRestart = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - restart);
        assertTrue(docker(60, "logs", "cortegegalera1_db_1").output().contains("left the cluster last and cleanly"));
        for (int n = 1; n <= 3; n++) {
            assertEquals(accepted.size(), count(n, accepted), "after the planned stop, node " + n + " still holds every sign-up");
        }
        // The apps were not restarted: they reconnect, and a sign-up through Caddy goes in again.
        String last = "galera-after-" + UUID.randomUUID().toString().substring(0, 8) + "@exemple.org";
        int status = 0;
        for (int attempt = 0; attempt < 30 && status != 202; attempt++) {
            status = https.send(signUp(URI.create("https://localhost:" + HTTPS + "/api/signup"), last, null), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            if (status != 202) {
                Thread.sleep(2000);
            }
        }
        assertEquals(202, status, "the apps reconnected by themselves");
        assertEquals(1, count(3, Set.of(last)));
        // The first machine's disk replaced (its volume emptied) while the two others run, GALERA_BOOTSTRAP=new still
        // in its .env: it must not start an empty cluster beside the real one, but join it and copy the data.
        assertEquals(0, compose(1, 180, "rm", "-s", "-f", "db").exit());
        assertEquals(0, docker(60, "volume", "rm", "cortegegalera1_db-data").exit());
        assertEquals(0, compose(1, 180, "up", "-d", "db").exit());
        awaitSynced(1, 3, Duration.ofMinutes(5));
        assertTrue(docker(60, "logs", "cortegegalera1_db_1").output().contains("already runs one; joining it"));
        assertEquals(accepted.size(), count(1, accepted), "the replaced node received every sign-up");

        // The same mistake while the others are stopped: the emptied first machine starts an empty cluster. A node that
        // holds the movement's data must then refuse to join it (a full copy would erase its data), and keep its data.
        for (int n : new int[] {1, 3, 2}) {
            assertEquals(0, compose(n, 180, "stop", "db").exit());
        }
        String before = grastate(2);
        assertEquals(0, compose(1, 180, "rm", "-f", "db").exit());
        assertEquals(0, docker(60, "volume", "rm", "cortegegalera1_db-data").exit());
        assertEquals(0, compose(1, 180, "up", "-d", "db").exit());
        awaitSynced(1, 1, Duration.ofMinutes(3));
        assertEquals(0, compose(2, 180, "start", "db").exit());
        String refusal = "";
        for (int i = 0; i < 60 && !refusal.contains("refusing to join"); i++) {
            Thread.sleep(2000);
            refusal = docker(60, "logs", "cortegegalera2_db_1").output();
        }
        assertTrue(refusal.contains("refusing to join the cluster of " + address(1)), Processes.tail(refusal));
        assertEquals(0, compose(2, 180, "stop", "db").exit());
        assertEquals(before, grastate(2), "the refusing node's data and position are untouched");

        System.out.printf("Galera compose: after a power cut of the three databases, the cluster whole again in %d s; after a planned stop of "
                + "all three started again in another order, in %d s%n", afterCut, afterRestart);

        System.out.printf("Galera compose: writers %s; kill -9 of %s: %d sign-ups answered 202 (%d after the kill), %d answered 503, none 500; "
                + "longest time without an accepted sign-up from the kill on: %d ms; the node Synced again %d s after the kill (IST); its writer "
                + "cut off: the three machines on another node %d ms later, %d answered 503 from then on%n", writers,
                writers.get(0), accepted.size(), acceptedAfter, unavailable, stall, rejoined, movedIn, unavailableAfterCut);
    }

    /** The node each machine's app writes to (through its haproxy), machine 1 first; what failed, where asking failed. */
    private List<String> writers() {
        List<String> writers = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            try (Connection c = DriverManager.getConnection(jdbc(n, 3307, "&connectTimeout=3000"), "cortege", dbPassword);
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@wsrep_node_name")) {
                rs.next();
                writers.add(rs.getString(1));
            } catch (SQLException e) {
                writers.add("(machine " + n + ": " + e.getMessage() + ")");
            }
        }
        return writers;
    }

    /** A command of machine {@code n}'s haproxy runtime API (its socket inside the container); its output. */
    private String haproxy(int n, String command) throws IOException, InterruptedException {
        Run r = docker(30, "exec", "cortegegalera" + n + "_haproxy_1", "sh", "-c", "echo '" + command + "' | socat stdio /tmp/haproxy.sock");
        assertEquals(0, r.exit(), command + ": " + r.output());
        return r.output();
    }

    /** A statement run as MariaDB's root inside machine {@code n}'s database container (over its socket); its output. */
    private String rootSql(int n, String sql) throws IOException, InterruptedException {
        Run r = docker(60, "exec", "-e", "MYSQL_PWD=" + rootPassword, "cortegegalera" + n + "_db_1", "mariadb", "-uroot", "-N", "-B", "-e", sql);
        assertEquals(0, r.exit(), sql + ": " + r.output());
        return r.output();
    }

    /** The Galera state file in machine {@code n}'s database volume (its cluster history and position). */
    private static String grastate(int n) throws IOException, InterruptedException {
        Run r = docker(60, "run", "--rm", "-v", "cortegegalera" + n + "_db-data:/d", "--entrypoint", "cat", "cortege-local/mariadb:11.8",
                "/d/grastate.dat");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().matches("(?s).*uuid: *[0-9a-f-]{36}.*"), r.output());
        return r.output();
    }

    /** SQL to machine {@code n}'s node (3306) or haproxy (3307) as the apps connect: TLS, the node's certificate checked against the cluster's authority. */
    private String jdbc(int n, int port, String more) {
        return "jdbc:mariadb://" + address(n) + ":" + port + "/cortege?sslMode=verify-ca&serverSslCert=" + dir.resolve("tls/ca.pem") + more;
    }

    private static String address(int n) {
        return "127.0.0.3" + n;
    }

    private static HttpRequest signUp(URI uri, String email, String client) {
        String body = "{\"email\":\"" + email + "\",\"firstName\":\"Zoé\",\"lastName\":\"Martin\",\"postalCode\":\"13001\","
                + "\"consent\":true,\"consentVersion\":\"2026-11\"}";
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Accept-Language", "fr").header("Origin", ORIGIN).POST(HttpRequest.BodyPublishers.ofString(body));
        if (client != null) {
            b.header("X-Forwarded-For", client);
        }
        return b.build();
    }

    /** How many of these people node {@code n} holds, reading after every write the cluster has committed. */
    private int count(int n, Set<String> emails) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc(n, 3306, ""), "cortege", dbPassword);
                Statement s = c.createStatement()) {
            s.execute("SET SESSION wsrep_sync_wait = 1");
            int total = 0;
            List<String> list = new ArrayList<>(emails);
            for (int i = 0; i < list.size(); i += 500) {
                List<String> chunk = list.subList(i, Math.min(list.size(), i + 500));
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM person WHERE email IN ('" + String.join("','", chunk) + "')")) {
                    rs.next();
                    total += rs.getInt(1);
                }
            }
            return total;
        }
    }

    /** Waits until node {@code n} is Synced in a cluster of {@code size} nodes. */
    private void awaitSynced(int n, int size, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(jdbc(n, 3306, "&connectTimeout=2000"), "cortege",
                    dbPassword); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VARIABLE_NAME, VARIABLE_VALUE FROM "
                    + "information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('WSREP_LOCAL_STATE_COMMENT', 'WSREP_CLUSTER_SIZE') ORDER BY 1")) {
                rs.next();
                String clusterSize = rs.getString(2);
                rs.next();
                String state = rs.getString(2);
                last = state + ", cluster of " + clusterSize;
                if ("Synced".equals(state) && Integer.toString(size).equals(clusterSize)) {
                    return;
                }
            } catch (SQLException notYet) {
                last = notYet.getMessage();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("node " + n + " not Synced in a cluster of " + size + " within " + limit + ": " + last + "\n"
                + Processes.tail(compose(n, 60, "logs", "--tail=40", "db").output()));
    }

    private void awaitSite(Duration limit) throws Exception {
        HttpClient https = Processes.trustingClient();
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                boolean all = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + HTTPS + "/api/config")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                for (int n = 1; n <= 3 && all; n++) {
                    HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("http://" + address(n) + ":8080/api/config"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    all = r.statusCode() == 200;
                    last = "app " + n + ": " + r.statusCode();
                }
                if (all) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("the site did not answer within " + limit + ": " + last + "\n"
                + Processes.tail(compose(1, 60, "logs", "--tail=40").output()));
    }

    private Run compose(int machine, int seconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", DOCKER.resolve("compose.galera.yaml").toString()));
        command.addAll(List.of(args));
        return Processes.run(command, machines.get(machine - 1), DOCKER, seconds);
    }

    private static Run docker(int seconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return Processes.run(command, Map.of(), DOCKER, seconds);
    }
}
