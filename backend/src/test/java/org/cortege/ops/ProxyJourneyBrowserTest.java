package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.cortege.support.FreePort;
import org.cortege.support.RawHttp;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * The documented proxies, for real: Debian's nginx with {@code docker/nginx.conf} and Caddy with
 * {@code docker/Caddyfile}, each started by the test as its own process on loopback ports (never as
 * a system service) in front of the app, with only what an operator replaces changed (the domain,
 * the certificate, the ports, the app's address). Through each: a browser signs up (pages, scripts,
 * the POST), the headers arrive, rate limits count the real visitor (two loopback sources), and a
 * forged X-Forwarded-For changes nothing. `.ci/run` installs nginx-light and caddy.
 */
@AppTest
class ProxyJourneyBrowserTest extends ApiTest {

    private static final int APP = FreePort.next();
    private static final int HTTPS = FreePort.next();
    private static final int HTTP = FreePort.next();
    private static final String WRONG_TOKEN = "{\"token\":\"" + "x".repeat(43) + "\"}";

    @Override
    protected Map<String, String> extraProperties() {
        // As install.md says for the proxy path: the proxy's header, trusted from loopback (the default).
        return Map.of("micronaut.server.port", Integer.toString(APP), "cortege.public-url", "https://localhost:" + HTTPS,
                "cortege.client-address-header", "X-Forwarded-For", "cortege.rate-limits.confirm-per-ip", "3/1h");
    }

    @Test
    void nginxAsDocumented() throws Exception {
        Path dir = Files.createTempDirectory("cortege-nginx");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=localhost");
        String site = Files.readString(Path.of("../docker/nginx.conf"))
                .replace("soutiens.example.org;", "localhost;")
                .replace("/etc/letsencrypt/live/soutiens.example.org/fullchain.pem", dir.resolve("cert.pem").toString())
                .replace("/etc/letsencrypt/live/soutiens.example.org/privkey.pem", dir.resolve("key.pem").toString())
                .replace("listen 80;", "listen 127.0.0.1:" + HTTP + ";")
                .replace("listen 443 ssl", "listen 127.0.0.1:" + HTTPS + " ssl")
                .replace("proxy_pass http://127.0.0.1:8080;", "proxy_pass http://127.0.0.1:" + APP + ";")
                .lines().filter(l -> !l.contains("listen [::]")).reduce("", (a, b) -> a + b + "\n");
        assertTrue(site.contains("proxy_pass http://127.0.0.1:" + APP) && site.contains(":" + HTTPS + " ssl"), "the file still reads as documented");
        Files.writeString(dir.resolve("site.conf"), site);
        Files.writeString(dir.resolve("nginx.conf"), "worker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\nerror_log "
                + dir.resolve("error.log") + ";\nuser root;\nevents {}\nhttp {\n    include /etc/nginx/mime.types;\n"
                + "    client_body_temp_path " + dir.resolve("body") + ";\n    proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + "    include " + dir.resolve("site.conf") + ";\n}\n");
        run(dir, binary("/usr/sbin/nginx", "nginx-light"), "-t", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString());
        Process nginx = start(dir, Map.of(), binary("/usr/sbin/nginx", "nginx-light"), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-g", "daemon off;");
        try {
            walkThrough("nginx");
        } finally {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void caddyAsDocumented() throws Exception {
        Path dir = Files.createTempDirectory("cortege-caddy");
        String file = Files.readString(Path.of("../docker/Caddyfile"))
                .replace("reverse_proxy app:8080", "reverse_proxy 127.0.0.1:" + APP)
                // Test-only global options: no admin endpoint, no system trust store, ports of our own.
                .replace("\temail {$ACME_EMAIL}\n", "\temail {$ACME_EMAIL}\n\tadmin off\n\tskip_install_trust\n\thttp_port " + HTTP
                        + "\n\thttps_port " + HTTPS + "\n");
        assertTrue(file.contains("reverse_proxy 127.0.0.1:" + APP) && file.contains("admin off"), "the file still reads as documented");
        Files.writeString(dir.resolve("Caddyfile"), file);
        Map<String, String> env = Map.of("CORTEGE_DOMAIN", "localhost:" + HTTPS, "ACME_EMAIL", "tech@example.org",
                "XDG_DATA_HOME", dir.resolve("data").toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString(), "HOME", dir.toString());
        Process caddy = start(dir, env, binary("/usr/bin/caddy", "caddy"), "run", "--config", dir.resolve("Caddyfile").toString(),
                "--adapter", "caddyfile");
        try {
            walkThrough("caddy");
        } finally {
            caddy.destroy();
            caddy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void walkThrough(String proxy) throws Exception {
        String email = newEmail();
        BrowserJourney.run("proxy-journey.mjs", List.of("https://localhost:" + HTTPS, proxy, email), question -> {
            throw new AssertionError("unexpected question " + question);
        });
        assertEquals(1, TestMail.awaitMails(email, 1).size(), proxy + ": the sign-up arrived and its mail left");

        // Rate limits count the visitor the proxy saw, not the proxy, and not what the visitor claims.
        String visitor = RawHttp.newLoopback();
        for (int i = 0; i < 3; i++) {
            assertEquals(400, RawHttp.postTls(visitor, HTTPS, "/api/signup/confirm", WRONG_TOKEN, Map.of()), proxy + " try " + i);
        }
        assertEquals(429, RawHttp.postTls(visitor, HTTPS, "/api/signup/confirm", WRONG_TOKEN, Map.of()), proxy + ": the visitor's own bucket");
        assertEquals(400, RawHttp.postTls(RawHttp.newLoopback(), HTTPS, "/api/signup/confirm", WRONG_TOKEN, Map.of()),
                proxy + ": another visitor through the same proxy is not held back");
        assertEquals(429, RawHttp.postTls(visitor, HTTPS, "/api/signup/confirm", WRONG_TOKEN,
                Map.of("X-Forwarded-For", RawHttp.newVisitor())), proxy + ": a forged X-Forwarded-For changes nothing");
    }

    private static String binary(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(path + " is needed for the proxy tests: apt-get install -y " + debianPackage
                    + " (.ci/run does it, without starting it as a service)");
        }
        return path;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + " failed: " + out);
    }

    /** Starts the proxy and waits until its HTTPS port answers (Caddy makes its certificate first). */
    private static Process start(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError(command[0] + " stopped: " + Files.readString(dir.resolve("out.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", HTTPS), 500);
                Thread.sleep(300); // listening; give the certificate a moment
                return p;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        p.destroyForcibly();
        throw new AssertionError(command[0] + " did not listen on " + HTTPS + ": " + Files.readString(dir.resolve("out.log")));
    }
}
