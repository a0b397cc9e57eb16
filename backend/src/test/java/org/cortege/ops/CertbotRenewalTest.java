package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortege.support.FreePort;
import org.cortege.support.Processes;
import org.cortege.support.Processes.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate path of install.md's nginx setup, renewals included: Debian's certbot asks for the
 * certificate with its own web server ({@code --standalone}) while a pre-hook stops nginx and a
 * post-hook starts it again, and keeps both hooks for every renewal (Debian's timer runs
 * {@code certbot renew}). Let's Encrypt is out of reach here: the ACME server is Debian's Pebble
 * (Let's Encrypt's test server, on loopback, with a stand-in DNS answering 127.0.0.1 for the
 * domain, and no reuse of a past validation, so that every renewal proves the domain again on the
 * port nginx holds). The hooks stand in for {@code systemctl stop/start nginx}: they stop and start a
 * real nginx holding that port.
 */
class CertbotRenewalTest {

    private static final String DOMAIN = "soutiens.test";

    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        daemons.forEach(Process::destroyForcibly);
        if (Files.exists(dir.resolve("nginx.conf"))) {
            Processes.run(List.of("nginx", "-c", dir.resolve("nginx.conf").toString(), "-s", "stop"), Map.of(), dir, 20);
        }
    }

    @Test
    void theHooksGivenToCertbotOnceStopAndStartNginxAroundEveryRenewal() throws Exception {
        for (String tool : List.of("certbot", "pebble", "pebble-challtestsrv", "nginx", "openssl")) {
            Assumptions.assumeTrue(Processes.run(List.of("sh", "-c", "command -v " + tool), Map.of(), dir, 10).exit() == 0,
                    tool + " is not installed here (.ci/run installs Debian's certbot, pebble and nginx-light)");
        }
        int acme = FreePort.next();
        int acmeAdmin = FreePort.next();
        int dns = FreePort.next();
        int dnsAdmin = FreePort.next();
        int http = FreePort.next(); // port 80 in production: nginx's, lent to certbot by the hooks

        // Pebble's own HTTPS certificate, trusted by certbot through REQUESTS_CA_BUNDLE
        Path caCert = dir.resolve("pebble-cert.pem");
        Run cert = Processes.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", dir.resolve("pebble-key.pem").toString(), "-out", caCert.toString(), "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1"), Map.of(), dir, 60);
        assertEquals(0, cert.exit(), cert.output());
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d, "ocspResponderURL": "",
                  "externalAccountBindingRequired": false}}
                """.formatted(acme, acmeAdmin, caCert, dir.resolve("pebble-key.pem"), http, FreePort.next()));
        daemons.add(start(List.of("pebble-challtestsrv", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", "127.0.0.1:" + dns,
                "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", "127.0.0.1:" + dnsAdmin), Map.of(), "dns.log"));
        daemons.add(start(List.of("pebble", "-config", dir.resolve("pebble.json").toString(), "-dnsserver", "127.0.0.1:" + dns),
                Map.of("PEBBLE_VA_NOSLEEP", "1", "PEBBLE_WFE_NONCEREJECT", "0", "PEBBLE_AUTHZREUSE", "0"), "pebble.log"));
        awaitPort(acme);

        // nginx holding the challenge port, as it holds port 80 on the server
        Path conf = dir.resolve("nginx.conf");
        Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(conf, """
                daemon on;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                  access_log off;
                  client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                  server { listen 127.0.0.1:%2$d; location / { return 200 "nginx\\n"; } }
                }
                """.formatted(dir.resolve("nginx"), http));
        Path hooks = dir.resolve("hooks.log");
        Path stopHook = script("stop-nginx.sh", """
                #!/bin/sh
                nginx -c %1$s -s stop
                while [ -e %2$s/nginx.pid ]; do sleep 0.1; done
                echo stopped >> %3$s
                """.formatted(conf, dir.resolve("nginx"), hooks));
        Path startHook = script("start-nginx.sh", """
                #!/bin/sh
                nginx -c %1$s </dev/null >/dev/null 2>&1 && echo started >> %2$s
                """.formatted(conf, hooks)); // (nginx's own output detached: certbot waits for a hook's output to end)
        Run nginx = Processes.run(List.of("sh", startHook.toString()), Map.of(), dir, 20);
        assertEquals(0, nginx.exit(), nginx.output());
        assertEquals("nginx", page(http));
        Files.delete(hooks);

        Map<String, String> env = Map.of("REQUESTS_CA_BUNDLE", caCert.toString());
        // (--no-random-sleep-on-renew: without a terminal, certbot renew first sleeps up to eight minutes, as Debian's timer lets it)
        List<String> renewing = List.of("--no-random-sleep-on-renew");
        List<String> dirs = List.of("--config-dir", dir.resolve("le").toString(), "--work-dir", dir.resolve("le-work").toString(),
                "--logs-dir", dir.resolve("le-logs").toString(), "--non-interactive");

        // install.md's command, with the test's ACME server, port and hooks
        List<String> certonly = new ArrayList<>(List.of("certbot", "certonly", "--standalone", "-d", DOMAIN, "-m", "admin@" + DOMAIN,
                "--agree-tos", "--pre-hook", stopHook.toString(), "--post-hook", startHook.toString(),
                "--server", "https://127.0.0.1:" + acme + "/dir", "--http-01-port", Integer.toString(http), "--http-01-address", "127.0.0.1"));
        certonly.addAll(dirs);
        Run first = Processes.run(certonly, env, dir, 180);
        assertEquals(0, first.exit(), Processes.tail(first.output()));
        String firstSerial = serial();
        assertEquals("nginx", page(http), "nginx is back after the certificate");
        assertEquals(List.of("stopped", "started"), Files.readAllLines(hooks));
        String renewal = Files.readString(dir.resolve("le/renewal/" + DOMAIN + ".conf"));
        assertTrue(renewal.contains("pre_hook = " + stopHook) && renewal.contains("post_hook = " + startHook), renewal);

        // Without the hooks nginx keeps the port and the renewal fails: the hooks are what make it work.
        List<String> withoutHooks = new ArrayList<>(List.of("certbot", "renew", "--force-renewal", "--pre-hook", "true", "--post-hook", "true"));
        withoutHooks.addAll(dirs);
        withoutHooks.addAll(renewing);
        Run refused = Processes.run(withoutHooks, env, dir, 180);
        assertNotEquals(0, refused.exit(), Processes.tail(refused.output()));
        assertTrue(refused.output().contains("Could not bind"), Processes.tail(refused.output()));
        assertEquals(firstSerial, serial(), "nothing renewed");

        // What Debian's timer runs (forced: the certificate is not due for 60 days): the hooks kept from the first command
        List<String> renew = new ArrayList<>(List.of("certbot", "renew", "--force-renewal"));
        renew.addAll(dirs);
        renew.addAll(renewing);
        Run renewed = Processes.run(renew, env, dir, 180);
        assertEquals(0, renewed.exit(), Processes.tail(renewed.output()));
        assertNotEquals(firstSerial, serial(), "a new certificate");
        assertEquals(List.of("stopped", "started", "stopped", "started"), Files.readAllLines(hooks));
        assertEquals("nginx", page(http), "nginx is back after the renewal");
    }

    private Process start(List<String> command, Map<String, String> env, String log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private Path script(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private String serial() throws Exception {
        Run run = Processes.run(List.of("openssl", "x509", "-noout", "-serial", "-in", dir.resolve("le/live/" + DOMAIN + "/cert.pem").toString()),
                Map.of(), dir, 30);
        assertEquals(0, run.exit(), run.output());
        return run.output().trim();
    }

    private static String page(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString())
                .body().trim();
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("Pebble did not start on port " + port);
    }
}
