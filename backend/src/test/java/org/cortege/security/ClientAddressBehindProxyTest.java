package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * Behind a proxy (here at 127.0.0.30) that writes X-Forwarded-For: the header names the visitor,
 * but only when the proxy sent it.
 */
@AppTest
class ClientAddressBehindProxyTest extends ApiTest {

    private static final String PROXY = "127.0.0.30";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.rate-limits.confirm-per-ip", "3/1h", "cortege.client-address-header", "X-Forwarded-For",
                "cortege.trusted-proxies", PROXY + "/32, ::1");
    }

    private int confirm(String from, String forwardedFor) {
        return RawHttp.post(from, embeddedPort(), "/api/signup/confirm", ClientAddressDefaultTest.WRONG_TOKEN,
                Map.of("X-Forwarded-For", forwardedFor));
    }

    @Test
    void theProxysHeaderNamesTheVisitor() {
        String visitor = RawHttp.newVisitor();
        for (int i = 0; i < 3; i++) {
            assertEquals(400, confirm(PROXY, visitor));
        }
        assertEquals(429, confirm(PROXY, visitor));
        assertEquals(400, confirm(PROXY, RawHttp.newVisitor()), "another visitor behind the same proxy");
        assertEquals(429, confirm(PROXY, RawHttp.newVisitor() + ", " + visitor), "what the visitor prepends changes nothing");
        assertEquals(429, confirm(PROXY, "<script>, unknown, " + visitor), "garbage before the proxy's entry changes nothing");
        int garbage = confirm(PROXY, "not an address");
        assertTrue(garbage == 400 || garbage == 429, "a header without an address counts in the proxy's own bucket, never a 500: " + garbage);
    }

    @Test
    void aVisitorReachingTheAppDirectlyCannotChooseTheirBucket() {
        String direct = RawHttp.newLoopback();
        for (int i = 0; i < 3; i++) {
            confirm(direct, RawHttp.newVisitor());
        }
        assertEquals(429, confirm(direct, RawHttp.newVisitor()));
    }

    @Test
    void ipv6VisitorsAreCountedPerSlash64() {
        String prefix = "2001:db8:" + Integer.toHexString(RawHttp.newVisitor().hashCode() & 0xffff) + ":6::";
        for (int i = 1; i <= 3; i++) {
            confirm(PROXY, prefix + i);
        }
        assertEquals(429, confirm(PROXY, prefix.replace("::", ":ffff::1")), "the same /64");
        assertEquals(400, confirm(PROXY, prefix.replace(":6::", ":7::1")), "another /64");
    }
}
