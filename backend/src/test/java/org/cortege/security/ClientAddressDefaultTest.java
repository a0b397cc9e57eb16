package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * A default install (CORTEGE_CLIENT_ADDRESS_HEADER blank, as application.yml leaves it): each
 * connection's address has its own rate-limit bucket; nobody shares one called "unknown".
 */
@AppTest
class ClientAddressDefaultTest extends ApiTest {

    static final String WRONG_TOKEN = "{\"token\":\"" + "A".repeat(43) + "\"}";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.rate-limits.confirm-per-ip", "3/1h", "cortege.client-address-header", "");
    }

    private int confirm(String from, Map<String, String> headers) {
        return RawHttp.post(from, embeddedPort(), "/api/signup/confirm", WRONG_TOKEN, headers);
    }

    @Test
    void oneVisitorsFloodDoesNotLockOutAnother() {
        String flooder = RawHttp.newLoopback();
        for (int i = 0; i < 3; i++) {
            assertEquals(400, confirm(flooder, Map.of()));
        }
        assertEquals(429, confirm(flooder, Map.of()));
        assertEquals(400, confirm(RawHttp.newLoopback(), Map.of()), "another address has its own bucket");
    }

    @Test
    void aForwardedForHeaderIsIgnoredWhenNoneIsConfigured() {
        String flooder = RawHttp.newLoopback();
        for (int i = 0; i < 3; i++) {
            confirm(flooder, Map.of("X-Forwarded-For", RawHttp.newVisitor()));
        }
        assertEquals(429, confirm(flooder, Map.of("X-Forwarded-For", RawHttp.newVisitor())));
    }
}
