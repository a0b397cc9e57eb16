package org.cortege.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/** Booleans of request bodies are JSON true or false, never a string read as false (a 400: only API clients send those). */
@AppTest
class StrictBooleanTest extends ApiTest {

    @Test
    void aStringWhereABooleanBelongsIsAFieldErrorAndChangesNothing() {
        String cookie = confirmedSupporter(newEmail());
        for (Object bad : new Object[] {"no", "yes", "true", 1, 0}) {
            Api.Response r = api.put("/api/me/consents/mailing", Map.of("given", bad), "Cookie", cookie);
            assertEquals(400, r.status(), bad + ": " + r.body());
        }
        assertEquals(true, api.get("/api/me/consents", "Cookie", cookie).get("mailing"));
        Map<String, Object> body = signupBody(newEmail());
        body.put("consent", "oui");
        Api.Response signup = api.post("/api/signup", body);
        assertEquals(400, signup.status(), "a string is no consent: " + signup.body());
        assertTrue(signup.contentType().startsWith("application/problem+json"));
        String group = createGroup(cookie, unique("Groupe strict"), "13001");
        Api.Response join = api.post("/api/groups/" + group + "/membership", Map.of("shareContact", "no"), "Cookie", confirmedSupporter(newEmail()));
        assertEquals(400, join.status(), "a Boolean field: " + join.body());
        assertEquals(200, api.put("/api/me/consents/mailing", Map.of("given", false), "Cookie", cookie).status());
    }
}
