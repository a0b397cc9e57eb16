package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.transform.recurrence.Frequency;
import org.cortege.shared.ApiException;

/**
 * When an action takes place: its first start and end in the movement's time zone (wall-clock
 * times, as organisers enter and read them), all day or not, and an optional RFC 5545 recurrence
 * rule (subset: {@code FREQ=WEEKLY|MONTHLY}, {@code INTERVAL}, {@code BYDAY}, {@code BYMONTHDAY},
 * {@code BYSETPOS}, {@code WKST}, with {@code COUNT} or {@code UNTIL}), expanded by ical4j into
 * dates whose UTC instants follow daylight-saving changes (10:00 stays 10:00 in Paris).
 *
 * @param localEnd exclusive (the next midnight for an all-day action)
 */
record Schedule(LocalDateTime localStart, LocalDateTime localEnd, boolean allDay, @Nullable String rrule, ZoneId zone) {

    /** The limits a schedule must respect (configured under {@code cortege.events}). */
    record Limits(int maxOccurrences, Duration maxSpan, Duration maxDuration) {
    }

    /** One date: its original start (the recurrence id), start and end, in UTC. */
    record Slot(Instant recurrenceId, Instant start, Instant end, LocalDate localDate) {
    }

    private static final Set<String> PARTS = Set.of("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYSETPOS", "WKST");
    private static final Pattern DATE_UNTIL = Pattern.compile("UNTIL=(\\d{8})(?=;|$)");
    /** Actions between these years only: a date in 1900 or 2200 is a typing mistake. */
    private static final int YEARS_BACK = 1;
    private static final int YEARS_AHEAD = 3;

    /**
     * Reads what the organisers entered: {@code start}/{@code end} as "2027-03-20T10:00" (or
     * "2027-03-20" all day; an all-day end is the last day, inclusive).
     *
     * @throws ApiException 400 naming the field at fault
     */
    static Schedule parse(String start, @Nullable String end, boolean allDay, @Nullable String rrule, ZoneId zone, Limits limits,
                          Instant now) {
        LocalDateTime s = allDay ? date(start, "start").atStartOfDay() : dateTime(start, "start");
        LocalDateTime e;
        if (allDay) {
            e = (end == null || end.isBlank() ? s.toLocalDate() : date(end, "end")).plusDays(1).atStartOfDay();
        } else {
            e = end == null || end.isBlank() ? s.plusHours(2) : dateTime(end, "end");
            if (zone.getRules().getValidOffsets(s).isEmpty()) { // in the gap when clocks go forward
                throw ApiException.invalidField("start", "validation.eventTimeSkipped");
            }
            if (zone.getRules().getValidOffsets(e).isEmpty()) {
                throw ApiException.invalidField("end", "validation.eventTimeSkipped");
            }
        }
        int thisYear = now.atZone(zone).getYear();
        if (s.getYear() < thisYear - YEARS_BACK || s.getYear() > thisYear + YEARS_AHEAD) {
            throw ApiException.invalidField("start", "validation.eventYear", thisYear - YEARS_BACK, thisYear + YEARS_AHEAD);
        }
        if (!e.isAfter(s)) {
            throw ApiException.invalidField("end", "validation.eventEndBeforeStart");
        }
        if (Duration.between(s, e).compareTo(limits.maxDuration()) > 0) {
            throw ApiException.invalidField("end", "validation.eventTooLong", limits.maxDuration().toDays());
        }
        Schedule schedule = new Schedule(s, e, allDay, normalizeRule(rrule), zone);
        schedule.slots(limits); // validates the rule
        return schedule;
    }

    /** Every date of the action (at least one), in order. */
    List<Slot> slots(Limits limits) {
        Duration length = Duration.between(localStart, localEnd);
        if (rrule == null) {
            return List.of(slot(localStart, length));
        }
        Recur<LocalDateTime> recur = recur(rrule);
        LocalDateTime horizon = localStart.plus(limits.maxSpan());
        if (recur.getUntil() != null && recur.getUntil().isAfter(horizon)) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceTooLong", limits.maxSpan().toDays());
        }
        if (recur.getCount() > limits.maxOccurrences()) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceTooMany", limits.maxOccurrences());
        }
        List<LocalDateTime> dates;
        try {
            // One more than allowed tells a rule that produces too many, without expanding millions.
            dates = recur.getDates(localStart, localStart, horizon, limits.maxOccurrences() + 1);
        } catch (RuntimeException ex) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceInvalid");
        }
        if (dates.size() > limits.maxOccurrences()) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceTooMany", limits.maxOccurrences());
        }
        if (dates.isEmpty()) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceEmpty");
        }
        List<Slot> slots = new ArrayList<>(dates.size());
        for (LocalDateTime d : dates) {
            slots.add(slot(d, length));
        }
        return slots;
    }

    /** A date at a wall-clock time; in a daylight-saving gap the time moves forward, as clocks do. */
    private Slot slot(LocalDateTime localStartOfDate, Duration length) {
        ZonedDateTime start = ZonedDateTime.ofLocal(localStartOfDate, zone, null);
        ZonedDateTime end = ZonedDateTime.ofLocal(localStartOfDate.plus(length), zone, null);
        return new Slot(start.toInstant(), start.toInstant(), end.toInstant(), localStartOfDate.toLocalDate());
    }

    /** The rule in a canonical form, or null; a date-only UNTIL includes that whole day. */
    @Nullable
    static String normalizeRule(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String rule = raw.strip().toUpperCase(Locale.ROOT);
        if (rule.startsWith("RRULE:")) {
            rule = rule.substring(6);
        }
        if (rule.length() > 200) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceInvalid");
        }
        for (String part : rule.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 1 || !PARTS.contains(part.substring(0, eq))) {
                throw ApiException.invalidField("recurrence", "validation.recurrenceUnsupported");
            }
        }
        Matcher m = DATE_UNTIL.matcher(rule);
        if (m.find()) {
            rule = m.replaceFirst("UNTIL=$1T235959");
        }
        Recur<LocalDateTime> recur = recur(rule);
        if (recur.getFrequency() != Frequency.WEEKLY && recur.getFrequency() != Frequency.MONTHLY) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceUnsupported");
        }
        if (recur.getCount() < 1 && recur.getUntil() == null) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceUnbounded");
        }
        if (recur.getInterval() > 12) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceInvalid");
        }
        return recur.toString();
    }

    private static Recur<LocalDateTime> recur(String rule) {
        try {
            return new Recur<>(rule);
        } catch (RuntimeException e) {
            throw ApiException.invalidField("recurrence", "validation.recurrenceInvalid");
        }
    }

    private static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "validation.NotBlank");
        }
        try {
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(field, "validation.eventDate");
        }
    }

    private static LocalDateTime dateTime(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "validation.NotBlank");
        }
        try {
            return LocalDateTime.parse(value).withSecond(0).withNano(0);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(field, "validation.eventDateTime");
        }
    }
}
