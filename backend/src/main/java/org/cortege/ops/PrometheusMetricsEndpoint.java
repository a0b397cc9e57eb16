package org.cortege.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;

/**
 * {@code GET /metrics} in Prometheus's text format (HTTP server, JVM, database pool, mail outbox),
 * in place of Micronaut's JSON metrics endpoint. Like every management endpoint it listens on the
 * internal management port ({@code CORTEGE_MANAGEMENT_PORT}), never the public one.
 */
@Endpoint(id = "metrics", defaultSensitive = false)
@Replaces(io.micronaut.configuration.metrics.management.endpoint.MetricsEndpoint.class)
class PrometheusMetricsEndpoint {

    private final PrometheusMeterRegistry registry;

    PrometheusMetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Read(produces = "text/plain; version=0.0.4; charset=utf-8")
    String scrape() {
        return registry.scrape();
    }
}
