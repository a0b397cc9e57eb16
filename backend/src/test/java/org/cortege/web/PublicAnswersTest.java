package org.cortege.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * Answers the same for every visitor are kept a short while and shared (PublicAnswers): with an
 * ETag and 304, never for a signed-in request, emptied by a write that changes what visitors see
 * (within a second) and not by a sign-up. The test database is changed behind the app's back (SQL) to tell a kept answer
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

    /** An action, once the cache emptied by its publication (at most once a second) has been emptied for the last time. */
    private Action anActionSettled() {
        Action a = anAction();
        org.cortege.support.TestMail.sleep(1_200);
        return a;
    }

    private void renameBehindTheAppsBack(Action a, String title) {
        assertEquals(1, update("UPDATE event SET title = ? WHERE slug = ?", title, a.slug()));
    }

    /**
     * The listing as a visitor gets it once it shows what {@code shows} wants: the cache is emptied
     * at most once a second, so a change right after another one shows a second later.
     */
    private String eventually(String path, java.util.function.Predicate<String> shows) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        String body = api.get(path).body();
        while (!shows.test(body)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still kept after 3 s: " + body);
            }
            org.cortege.support.TestMail.sleep(100);
            body = api.get(path).body();
        }
        return body;
    }

    @Test
    void writesThatChangeWhatVisitorsSeeAreTheOnesThatEmptyTheCache() {
        for (String path : List.of("/api/groups", "/api/groups/g1", "/api/groups/g1/membership", "/api/groups/g1/members/m1",
                "/api/groups/g1/events", "/api/groups/g1/cohost-invitations/e1", "/api/events/e1", "/api/events/e1/cancel",
                "/api/occurrences/o1", "/api/occurrences/o1/cancel", "/api/admin/events/e1/hide", "/api/admin/groups/g1/restore",
                "/api/admin/people/p1", "/api/admin/people/p1/ban", "/api/me")) {
            assertTrue(PublicAnswers.CHANGES.matcher(path).matches(), path);
        }
        for (String path : List.of("/api/groups/g1/messages", "/api/occurrences/o1/rsvp", "/api/occurrences/o1/guest-rsvp",
                "/api/occurrences/o1/participants/r1", "/api/rsvp/view", "/api/signup", "/api/login", "/api/reports",
                "/api/me/consents/mailing", "/api/me/calendar-feed", "/api/me/second-factor/setup", "/api/admin/people/p1/territories",
                "/api/admin/tags", "/api/admin/campaigns", "/api/unsubscribe")) {
            assertFalse(PublicAnswers.CHANGES.matcher(path).matches(), path);
        }
    }

    @Test
    void theApiDocumentKeepsItsTypeWhenShared() {
        Api.Response first = api.get("/api/openapi.yml");
        Api.Response second = api.get("/api/openapi.yml");
        assertEquals(200, second.status());
        assertTrue(first.headers().get("Content-Type").startsWith("application/yaml"), first.headers().get("Content-Type"));
        assertTrue(second.headers().get("Content-Type").startsWith("application/yaml"), second.headers().get("Content-Type"));
        assertNotNull(second.headers().get("Age"));
        assertNotNull(second.headers().get("Date"));
    }

    @Test
    void aListingIsKeptWithAnEtagAndAnsweredNotModified() {
        Action a = anActionSettled();
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
        Action a = anActionSettled();
        String path = "/api/events?group=" + a.groupSlug();
        assertTrue(api.get(path).body().contains(a.title()));
        renameBehindTheAppsBack(a, "Renommée pendant les inscriptions");

        assertEquals(202, api.post("/api/signup", signupBody(newEmail())).status());
        assertTrue(api.get(path).body().contains(a.title()), "ten thousand sign-ups must not empty the cache each");

        // a manager publishes another action of the movement: what visitors see may have changed
        Action other = anAction();
        assertNotNull(other);
        String after = eventually(path, body -> body.contains("Renommée pendant les inscriptions"));
        assertFalse(after.contains(a.title()), after);
    }

    @Test
    void aModeratorHidingAnActionTakesItOutOfTheKeptListingAtOnce() {
        Action a = anAction();
        String path = "/api/events?group=" + a.groupSlug();
        assertTrue(api.get(path).body().contains(a.slug()));
        String admin = freshAdmin();
        Api.Response hidden = api.post("/api/admin/events/" + a.action().id() + "/hide", Map.of("reason", "Haine"), "Cookie", admin);
        assertEquals(204, hidden.status(), hidden.body());
        eventually(path, body -> !body.contains(a.slug()));
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
        assertTrue(counters.headers().get("ETag").matches("W/\"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+\""), "the counters keep their ETag on the figures: "
                + counters.headers().get("ETag"));
        Api.Response bad = api.get("/api/events?size=500");
        assertEquals(400, bad.status());
        assertEquals(null, bad.headers().get("ETag"));
    }
}
