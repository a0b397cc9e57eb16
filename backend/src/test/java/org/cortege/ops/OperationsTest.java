package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/** Health and metrics on the internal management port, and not on the public one. */
@AppTest
class OperationsTest extends ApiTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> internal(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndReadinessWithTheDatabaseAnswerOnTheInternalPort() throws Exception {
        HttpResponse<String> health = internal("/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"UP\""), health.body());
        assertEquals(200, internal("/health/liveness").statusCode());
        HttpResponse<String> ready = internal("/health/readiness");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());
    }

    @Test
    void prometheusMetricsCoverHttpJvmPoolAndOutbox() throws Exception {
        assertEquals(202, api.post("/api/login", Map.of("email", newEmail())).status());
        api.get("/api/counters");
        HttpResponse<String> metrics = internal("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String body = metrics.body();
        for (String name : new String[] {"http_server_requests_seconds_count", "jvm_memory_used_bytes", "hikaricp_connections_active",
                "cortege_mail_outbox_pending", "cortege_mail_outbox_oldest_age_seconds", "cortege_mail_sent_total",
                "cortege_mail_failed_total"}) {
            assertTrue(body.contains(name), name + " missing from /metrics");
        }
    }

    @Test
    void thePublicPortServesNeitherMetricsNorHealth() {
        var metrics = api.get("/metrics");
        assertTrue(!metrics.body().contains("jvm_memory"), "no metrics on the public port: " + metrics.status());
        var health = api.get("/health/readiness");
        assertTrue(!health.body().contains("\"UP\""), "no health document on the public port: " + health.body());
    }
}
