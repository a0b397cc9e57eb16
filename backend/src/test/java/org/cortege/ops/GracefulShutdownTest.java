package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.junit.jupiter.api.Test;

/**
 * Stopping a node (SIGTERM closes the application context) lets the request in flight finish and
 * answer: here a profile change held up by a row lock the test keeps for a second.
 */
@org.cortege.support.AppTest
class GracefulShutdownTest extends ApiTest {

    @Test
    void aRequestInFlightWhenTheNodeStopsStillGetsItsAnswer() throws Exception {
        Map<String, Object> props = secondNodeProperties();
        String email = newEmail();
        String cookie = confirmedSupporter(email);
        EmbeddedServer node = ApplicationContext.run(EmbeddedServer.class, props, "test");
        HttpClient client = HttpClient.create(node.getURL());
        try (Connection lock = DriverManager.getConnection((String) props.get("datasources.default.url"),
                (String) props.get("datasources.default.username"), (String) props.get("datasources.default.password"))) {
            Api api2 = new Api(client, node.getApplicationContext().getBean(JsonMapper.class));
            lock.setAutoCommit(false);
            lock.createStatement().executeQuery("SELECT id FROM person WHERE email = '" + email + "' FOR UPDATE").close();
            CompletableFuture<Api.Response> inFlight = CompletableFuture.supplyAsync(
                    () -> api2.patch("/api/me", Map.of("firstName", "Gracieuse"), "Cookie", cookie));
            Thread.sleep(500);   // the request now waits on the row lock
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(node::stop);
            Thread.sleep(1000);
            assertTrue(!stopping.isDone(), "the node waits for the request in flight");
            lock.rollback();     // let the request go on
            Api.Response answer = inFlight.get(20, TimeUnit.SECONDS);
            assertEquals(200, answer.status(), answer.body());
            assertEquals("Gracieuse", answer.get("firstName"));
            stopping.get(30, TimeUnit.SECONDS);
            assertTrue(!node.isRunning());
        } finally {
            client.close();
            if (node.isRunning()) {
                node.stop();
            }
            node.getApplicationContext().close();
        }
        assertEquals("Gracieuse", string("SELECT first_name FROM person WHERE email = ?", email));
    }
}
