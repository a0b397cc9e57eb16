package org.cortege.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/** Tight limits, shared by all nodes through MariaDB. */
@AppTest
class RateLimitTest extends ApiTest {

    @jakarta.inject.Inject
    org.cortege.shared.RateLimiter rateLimiter;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.rate-limits.signup-per-email", "2/1h", "cortege.rate-limits.login-per-ip", "3/1h",
                "cortege.rate-limits.confirm-per-ip", "4/1h", "cortege.client-address-header", "X-Forwarded-For");
    }

    @Test
    void aThirdSignupOfOneAddressWithinTheHourIsRefusedWithRetryAfter() {
        String email = newEmail();
        assertEquals(202, api.post("/api/signup", signupBody(email)).status());
        assertEquals(202, api.post("/api/signup", signupBody(email.toUpperCase())).status());
        Api.Response third = api.post("/api/signup", signupBody(email));
        assertEquals(429, third.status());
        assertEquals("application/problem+json", third.contentType());
        assertTrue(Long.parseLong(third.headers().get("Retry-After")) > 60);
        assertTrue(((String) third.get("detail")).startsWith("Trop de demandes"));
        assertEquals(202, api.post("/api/signup", signupBody(newEmail())).status(), "other addresses are not affected");
        assertEquals(0, count("SELECT COUNT(*) FROM rate_limit_bucket WHERE id LIKE ?", "%" + email + "%"), "keys hold no address");
    }

    /**
     * The limits are counted in the sign-up's own transaction (one commit): a sign-up refused with a
     * 400 rolls that back, and must still spend its token, or a flood of wrong forms is never cut.
     */
    @Test
    void refusedSignupsCountTooAndASignupOverTheLimitStoresNothing() {
        String email = newEmail();
        Map<String, Object> wrong = new java.util.HashMap<>(signupBody(email));
        wrong.put("postalCode", "00000");
        Api.Response refused = api.post("/api/signup", wrong);
        assertEquals(400, refused.status(), "an unknown postal code is refused");
        assertEquals(400, api.post("/api/signup", wrong).status());
        Api.Response third = api.post("/api/signup", signupBody(email));
        assertEquals(429, third.status(), "two refused tries spent the address's two sign-ups of the hour");
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", email), "nothing stored past the limit");
        assertEquals(0, count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?", email), "no mail queued past the limit");
    }

    @Test
    void concurrentRequestsFromOneAddressAreCountedWithoutErrors() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> api.post("/api/signup", signupBody(newEmail())).status()));
            }
            for (var r : results) {
                assertEquals(202, r.get(), "a burst from one address (a NAT) is served, not failed");
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The sign-up's buckets are counted by compare-and-swap in its transaction: a burst of one new
     * address races to create its bucket and then to update it. Exactly the limit gets through, the
     * rest are told to wait, nothing fails.
     */
    @Test
    void aBurstOfOneNewAddressGetsExactlyItsLimitThrough() throws Exception {
        String email = newEmail();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 16; i++) {
                String from = "198.51.100." + (i + 1); // each from its own address: only the address's bucket is shared
                results.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/signup", signupBody(email), "X-Forwarded-For", from).status();
                }));
            }
            start.countDown();
            var statuses = new java.util.ArrayList<Integer>();
            for (var r : results) {
                statuses.add(r.get());
            }
            assertEquals(2, statuses.stream().filter(s -> s == 202).count(), "the limit is 2 an hour: " + statuses);
            assertEquals(14, statuses.stream().filter(s -> s == 429).count(), "the others wait: " + statuses);
            assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", email));
        } finally {
            pool.shutdown();
        }
    }

    /**
     * A crowd behind one new address (a carrier's NAT on TV night) creates its bucket all at once: the
     * first request inserts the row, the others wait on it and then update it in turn. None deadlocks
     * (an INSERT IGNORE meeting the new row took a shared lock, and the waiters then deadlocked on their
     * updates, each retry a whole sign-up again).
     */
    @Test
    void aCrowdBehindOneNewAddressCreatesItsBucketWithoutDeadlocks() throws Exception {
        String from = "203.0.113." + (1 + new java.util.Random().nextInt(250));
        String crowd = "10." + new java.util.Random().nextInt(250) + "." + new java.util.Random().nextInt(250) + ", " + from;
        long deadlocks = count("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_DEADLOCKS'");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 24; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/signup", signupBody(newEmail()), "X-Forwarded-For", crowd).status();
                }));
            }
            start.countDown();
            for (var r : results) {
                assertEquals(202, r.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(deadlocks, count("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_DEADLOCKS'"),
                "no deadlock in MariaDB");
    }

    /**
     * Bucket4j's other manager (the one counting outside transactions, on the same keys) inserts an
     * empty row and fills it in a second transaction: a crash in between leaves a row without state.
     * The sign-up takes it over instead of retrying forever.
     */
    @Test
    void aBucketRowLeftWithoutStateIsTakenOver() throws Exception {
        String email = newEmail();
        String key = "signup-per-email:" + org.cortege.shared.Tokens.hash("2/1h|" + email).substring(0, 40);
        update("INSERT INTO rate_limit_bucket (id, state) VALUES (?, NULL)", key);
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var signup = pool.submit(() -> api.post("/api/signup", signupBody(email)).status());
            assertEquals(202, signup.get(20, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT COUNT(*) FROM rate_limit_bucket WHERE id = ? AND state IS NOT NULL", key), "the bucket has its state now");
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", email));
    }

    @Test
    void aBucketRowLeftWithoutStateIsPurgedByTheNightlyJob() {
        String key = "test-leftover:" + java.util.UUID.randomUUID();
        update("INSERT INTO rate_limit_bucket (id, state) VALUES (?, NULL)", key);
        assertTrue(rateLimiter.purgeExpired() >= 1);
        assertEquals(0, count("SELECT COUNT(*) FROM rate_limit_bucket WHERE id = ?", key), "no expiry, yet not kept forever");
    }

    @Test
    void loginAndConfirmationFloodsFromOneAddressAreCut() {
        int accepted = 0;
        for (int i = 0; i < 5; i++) {
            if (api.post("/api/login", Map.of("email", newEmail()), "X-Test", "login").status() == 202) {
                accepted++;
            }
        }
        assertTrue(accepted <= 3, "at most 3 login requests per hour from one address, got " + accepted);
        int guesses = 0;
        for (int i = 0; i < 6; i++) {
            if (api.post("/api/login/confirm", Map.of("token", "A".repeat(43))).status() == 429) {
                guesses++;
            }
        }
        assertTrue(guesses >= 2, "token guessing is cut after 4 tries");
    }
}
