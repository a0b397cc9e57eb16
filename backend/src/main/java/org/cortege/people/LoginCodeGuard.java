package org.cortege.people;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.cortege.shared.ApiException;
import org.cortege.shared.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Six-digit codes are guessable across many addresses (one try each stays under every per-address
 * limit), so wrong codes are also counted per visitor address and on the whole instance. Past
 * either limit, codes wait (links in the mails still work); when the instance-wide one is reached
 * the admins get a mail (once an hour, whichever node sees it) and the metric
 * {@code cortege_login_code_failures_total} shows the spike.
 */
@Singleton
class LoginCodeGuard {

    private static final Logger LOG = LoggerFactory.getLogger(LoginCodeGuard.class);
    private static final String INSTANCE = "instance";

    private final RateLimiter limits;
    private final Admins people;
    private final Counter failures;

    LoginCodeGuard(RateLimiter limits, Admins people, MeterRegistry registry) {
        this.limits = limits;
        this.people = people;
        this.failures = Counter.builder("cortege.login.code.failures")
                .description("Wrong sign-in codes typed (a spike is someone guessing codes across addresses)").register(registry);
    }

    /** @throws ApiException 429 while this address, or the instance, is past its wrong-code limit */
    void checkOpen(String clientAddress) {
        if (limits.isExhausted("login-code-failures-per-ip", clientAddress) || limits.isExhausted("login-code-failures", INSTANCE)) {
            throw ApiException.tooManyRequests(Duration.ofMinutes(10));
        }
    }

    /** Counts a wrong code; the one that empties the instance-wide allowance alerts the admins. */
    void failed(String clientAddress) {
        failures.increment();
        limits.tryConsume("login-code-failures-per-ip", clientAddress);
        boolean spent = !limits.tryConsume("login-code-failures", INSTANCE) || limits.isExhausted("login-code-failures", INSTANCE);
        if (spent && limits.tryConsume("login-code-alert", INSTANCE)) {
            LOG.warn("Wrong sign-in codes past cortege.rate-limits.login-code-failures: codes are paused, admins alerted");
            people.alertAdmins("login-code-alert");
        }
    }
}
