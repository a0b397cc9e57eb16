package org.cortege.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * Answers the same for every visitor are kept a short while and shared (PublicAnswers): with an
 * ETag and 304, never for a signed-in request, emptied by a write that changes what visitors see and
 * not by a sign-up. The test database is changed behind the app's back (SQL) to tell a kept answer
 * from a fresh one.
 */
@AppTest
class PublicAnswersTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.public-cache.ttl", "1h"); // the answers' own max-age (10 s) bounds it
    }

    private record Action(GroupRef group, ActionRef action) {
        String slug() {
            return action.slug();
        }

        String title() {
            return action.title();
        }

        String manager() {
            return group.manager();
        }

        String groupSlug() {
            return group.slug();
        }
    }

    private Action anAction() {
        GroupRef group = aGroup();
        return new Action(group, anActionOf(group));
    }

    private void renameBehindTheAppsBack(Action a, String title) {
        assertEquals(1, update("UPDATE event SET title = ? WHERE slug = ?", title, a.slug()));
    }

    @Test
    void aListingIsKeptWithAnEtagAndAnsweredNotModified() {
        Action a = anAction();
        String path = "/api/events?group=" + a.groupSlug();
        Api.Response first = api.get(path);
        assertEquals(200, first.status(), first.body());
        assertTrue(first.body().contains(a.title()), first.body());
        String etag = first.headers().get("ETag");
        assertNotNull(etag, "a kept answer carries its ETag");
        assertEquals("public, max-age=10", first.headers().get("Cache-Control"));
        assertEquals("Accept-Language", first.headers().get("Vary"));

        renameBehindTheAppsBack(a, "Renommée en douce");
        Api.Response second = api.get(path);
        assertEquals(first.body(), second.body(), "the same bytes, from the cache");
        assertEquals(etag, second.headers().get("ETag"));
        assertTrue(second.headers().get("Content-Type").startsWith("application/json"), second.headers().get("Content-Type"));

        Api.Response revalidated = api.get(path, "If-None-Match", etag);
        assertEquals(304, revalidated.status());
        assertTrue(revalidated.body() == null || revalidated.body().isEmpty(), "no body with 304");
        assertEquals(etag, revalidated.headers().get("ETag"));
        assertEquals(200, api.get(path, "If-None-Match", "\"autre\"").status(), "another tag gets the answer");

        // a signed-in request is never answered from the shared cache
        Api.Response signedIn = api.get(path, "Cookie", a.manager());
        assertTrue(signedIn.body().contains("Renommée en douce"), signedIn.body());
        assertNotEquals(etag, signedIn.headers().get("ETag"));
    }

    @Test
    void aSignUpLeavesTheCacheAndAnActionsChangeEmptiesIt() {
        Action a = anAction();
        String path = "/api/events?group=" + a.groupSlug();
        assertTrue(api.get(path).body().contains(a.title()));
        renameBehindTheAppsBack(a, "Renommée pendant les inscriptions");

        assertEquals(202, api.post("/api/signup", signupBody(newEmail())).status());
        assertTrue(api.get(path).body().contains(a.title()), "ten thousand sign-ups must not empty the cache each");

        // the manager edits another action of the movement: what visitors see may have changed
        Action other = anAction();
        assertNotNull(other);
        Api.Response after = api.get(path);
        assertTrue(after.body().contains("Renommée pendant les inscriptions"), after.body());
        assertFalse(after.body().contains(a.title()), after.body());
    }

    @Test
    void aModeratorHidingAnActionTakesItOutOfTheKeptListingAtOnce() {
        Action a = anAction();
        String path = "/api/events?group=" + a.groupSlug();
        assertTrue(api.get(path).body().contains(a.slug()));
        String admin = freshAdmin();
        Api.Response hidden = api.post("/api/admin/events/" + a.action().id() + "/hide", Map.of("reason", "Haine"), "Cookie", admin);
        assertEquals(204, hidden.status(), hidden.body());
        Api.Response after = api.get(path);
        assertFalse(after.body().contains(a.slug()), after.body());
    }

    @Test
    void eachLanguageHasItsOwnAnswer() {
        Api.Response fr = api.get("/api/privacy-notice", "Accept-Language", "fr-FR");
        Api.Response en = api.get("/api/privacy-notice", "Accept-Language", "en-GB,en;q=0.9");
        assertEquals(200, fr.status());
        assertEquals(200, en.status());
        assertNotEquals(fr.body(), en.body());
        assertEquals(en.body(), api.get("/api/privacy-notice", "Accept-Language", "en").body());
        assertEquals(fr.body(), api.get("/api/privacy-notice").body(), "no header: French");
    }

    @Test
    void anAnswerWithItsOwnEtagOrAnErrorIsNotKept() {
        Api.Response counters = api.get("/api/counters");
        assertTrue(counters.headers().get("ETag").startsWith("W/"), "the counters keep their weak ETag on the figures");
        Api.Response bad = api.get("/api/events?size=500");
        assertEquals(400, bad.status());
        assertEquals(null, bad.headers().get("ETag"));
    }
}
