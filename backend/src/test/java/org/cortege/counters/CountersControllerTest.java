package org.cortege.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

@AppTest
class CountersControllerTest extends ApiTest {

    private long supporters(String query) {
        return ((Number) api.get("/api/counters" + query).get("supporters")).longValue();
    }

    @Test
    void countsConfirmedSupportersPerDepartement() {
        long all = supporters("");
        long corseDuSud = supporters("?departement=2A");
        long bouchesDuRhone = supporters("?departement=13");
        Map<String, Object> ajaccio = new HashMap<>(signupBody(newEmail()));
        ajaccio.put("postalCode", "20000");
        confirmedSupporter(ajaccio);
        assertEquals(all + 1, supporters(""));
        assertEquals(corseDuSud + 1, supporters("?departement=2a"));
        assertEquals(bouchesDuRhone, supporters("?departement=13"));
    }

    @Test
    void answersTheAgreedShape() {
        Api.Response r = api.get("/api/counters");
        assertEquals(200, r.status());
        Map<String, Object> body = r.map();
        assertTrue(body.get("supporters") instanceof Number);
        assertTrue(((Number) body.get("groups")).intValue() >= 0);
        assertTrue(((Number) body.get("events")).intValue() >= 0);
        assertNotNull(java.time.Instant.parse((String) body.get("updatedAt")));
        assertEquals("public, max-age=5", r.headers().get("Cache-Control"));
    }

    @Test
    void anUnchangedFigureAnswers304ToItsETag() {
        Api.Response first = api.get("/api/counters?departement=974");
        String etag = first.headers().get("ETag");
        assertNotNull(etag);
        assertEquals(304, api.get("/api/counters?departement=974", "If-None-Match", etag).status());
        assertEquals(200, api.get("/api/counters?departement=974", "If-None-Match", "W/\"other\"").status());
    }

    @Test
    void anUnknownDepartementIsAFieldError() {
        for (String bad : new String[] {"00", "96", "2C", "13'--", "x".repeat(300)}) {
            Api.Response r = api.get("/api/counters?departement=" + java.net.URLEncoder.encode(bad, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(400, r.status(), bad);
            assertEquals("Ce département n’existe pas.", r.fieldError("departement").orElseThrow());
        }
    }
}
