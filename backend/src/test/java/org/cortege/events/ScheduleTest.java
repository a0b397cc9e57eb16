package org.cortege.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.cortege.shared.ApiException;
import org.junit.jupiter.api.Test;

/**
 * When an action takes place, without a server: wall-clock times in Paris across daylight-saving
 * changes, all-day ends, the recurrence subset and every limit, each refusal naming its field.
 */
class ScheduleTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Schedule.Limits LIMITS = new Schedule.Limits(52, Duration.ofDays(366), Duration.ofDays(14));
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    private static Schedule parse(String start, String end, boolean allDay, String rule) {
        return Schedule.parse(start, end, allDay, rule, PARIS, LIMITS, NOW);
    }

    private static String field(Runnable r) {
        ApiException e = assertThrows(ApiException.class, r::run);
        return e.fieldErrors().keySet().iterator().next() + ":" + e.fieldErrors().values().iterator().next();
    }

    @Test
    void aWeeklyMeetingKeepsItsWallClockTimeAcrossTheClockChange() {
        // Tuesdays at 19:00 from 17 March 2027: Paris moves to summer time on 28 March
        List<Schedule.Slot> slots = parse("2027-03-16T19:00", "2027-03-16T21:00", false, "FREQ=WEEKLY;COUNT=3").slots(LIMITS);
        assertEquals(3, slots.size());
        assertEquals(Instant.parse("2027-03-16T18:00:00Z"), slots.get(0).start()); // UTC+1
        assertEquals(Instant.parse("2027-03-30T17:00:00Z"), slots.get(2).start()); // UTC+2: still 19:00 in Paris
        assertEquals(LocalDate.of(2027, 3, 30), slots.get(2).localDate());
        assertEquals(Duration.ofHours(2), Duration.between(slots.get(2).start(), slots.get(2).end()));
    }

    @Test
    void withoutAnEndAnActionLastsTwoHoursAndAnAllDayOneEndsTheNextMidnight() {
        Schedule twoHours = parse("2027-01-10T10:00", null, false, null);
        assertEquals(twoHours.localStart().plusHours(2), twoHours.localEnd());
        Schedule weekend = parse("2027-01-09", "2027-01-10", true, null);
        assertEquals(LocalDate.of(2027, 1, 11).atStartOfDay(), weekend.localEnd()); // the last day is inclusive
        assertEquals(1, weekend.slots(LIMITS).size());
    }

    @Test
    void aTimeThatDoesNotExistInParisIsRefusedByName() {
        // 28 March 2027, 02:30: clocks jump from 02:00 to 03:00
        assertEquals("start:validation.eventTimeSkipped", field(() -> parse("2027-03-28T02:30", "2027-03-28T04:00", false, null)));
    }

    @Test
    void endsBeforeStartsTooLongAndOutOfRangeYearsAreRefused() {
        assertEquals("end:validation.eventEndBeforeStart", field(() -> parse("2027-01-10T10:00", "2027-01-10T09:00", false, null)));
        assertEquals("end:validation.eventTooLong", field(() -> parse("2027-01-01", "2027-02-01", true, null)));
        assertEquals("start:validation.eventYear", field(() -> parse("2031-01-01T10:00", null, false, null)));
        assertEquals("start:validation.eventDateTime", field(() -> parse("2027-02-30T10:00", null, false, null)));
        assertEquals("start:validation.eventDate", field(() -> parse("le 3 mars", null, true, null)));
    }

    @Test
    void onlyTheSupportedBoundedRulesAreTaken() {
        assertEquals("recurrence:validation.recurrenceUnsupported", field(() -> parse("2027-01-10T10:00", null, false, "FREQ=DAILY;COUNT=3")));
        assertEquals("recurrence:validation.recurrenceUnsupported", field(() -> parse("2027-01-10T10:00", null, false, "FREQ=WEEKLY;BYHOUR=3;COUNT=2")));
        assertEquals("recurrence:validation.recurrenceUnbounded", field(() -> parse("2027-01-10T10:00", null, false, "FREQ=WEEKLY")));
        assertEquals("recurrence:validation.recurrenceTooMany", field(() -> parse("2027-01-10T10:00", null, false, "FREQ=WEEKLY;COUNT=60")));
        assertEquals("recurrence:validation.recurrenceTooLong",
                field(() -> parse("2027-01-10T10:00", null, false, "FREQ=MONTHLY;UNTIL=20290101")));
    }

    @Test
    void rulesAreWrittenOneWayAndADateOnlyUntilIncludesItsDay() {
        assertNull(Schedule.normalizeRule("  "));
        String rule = Schedule.normalizeRule("rrule:freq=weekly;until=20270131;byday=tu");
        assertEquals(true, rule.contains("UNTIL=20270131T235959"), rule);
        // the last Tuesday of January 2027 is the 26th: included
        List<Schedule.Slot> slots = parse("2027-01-05T19:00", null, false, rule).slots(LIMITS);
        assertEquals(LocalDate.of(2027, 1, 26), slots.get(slots.size() - 1).localDate());
        assertEquals(4, slots.size());
    }
}
