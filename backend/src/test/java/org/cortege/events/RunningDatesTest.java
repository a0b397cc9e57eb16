package org.cortege.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * Away from a place, a listing reads back only as far as the earliest date still running (read every
 * {@code cortege.events.running-ttl}), not a whole month of finished dates: a date running for days
 * is still listed, one that ended is not, whichever side of that read they fall.
 */
@AppTest
class RunningDatesTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.events.running-ttl", "1s");
    }

    /** Moves the action's only date (behind the app's back: a date published a week ago, as time passes). */
    private void moveDate(ActionRef action, Instant start, Instant end) {
        assertEquals(1, update("UPDATE event_occurrence SET starts_at = ?, ends_at = ? WHERE public_id = ?", Timestamp.from(start),
                Timestamp.from(end), action.firstDate()));
    }

    private boolean listed(GroupRef group, ActionRef action) {
        return listed(group, action, "");
    }

    private boolean listed(GroupRef group, ActionRef action, String window) {
        Api.Response r = api.get("/api/events?group=" + group.slug() + window);
        assertEquals(200, r.status(), r.body());
        return r.body().contains(action.firstDate());
    }

    @Test
    void anActionRunningForDaysIsListedAndOneThatEndedIsNot() {
        GroupRef group = aGroup();
        ActionRef exhibition = anActionOf(group);
        ActionRef yesterday = anActionOf(group);
        Instant now = Instant.now();
        moveDate(exhibition, now.minus(Duration.ofDays(9)), now.plus(Duration.ofDays(3)));
        moveDate(yesterday, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));

        org.cortege.support.TestMail.sleep(1_200); // the next listing reads the running dates again, this one among them
        assertTrue(listed(group, exhibition), "running for nine days, three to go");
        assertFalse(listed(group, yesterday), "over yesterday");
        org.cortege.support.TestMail.sleep(300); // and a listing right after the read, from what it read
        assertTrue(listed(group, exhibition));
        assertFalse(listed(group, yesterday));
        // today's listing starts at midnight, before the read: still from what it read
        String today = "&from=" + java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris"));
        assertTrue(listed(group, exhibition, today));
        assertFalse(listed(group, yesterday, today));
    }
}
