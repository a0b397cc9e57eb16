package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.cortege.shared.ApiException;

/** Reads the query parameters the listing, the feeds and the map share; bad ones are 400s naming the parameter. */
final class EventQueryParams {

    /** A window longer than this is a mistake or a scraper. */
    static final Duration MAX_WINDOW = Duration.ofDays(400);
    private static final int YEARS = 5;

    private EventQueryParams() {
    }

    /** "2027-03-20" (midnight in the movement's zone), "2027-03-20T10:00" (its wall-clock), or with an offset. */
    static Instant instant(@Nullable String value, String name, ZoneId zone, Instant fallback, Instant now) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Instant t;
        try {
            String v = value.strip();
            if (v.length() == 10) {
                t = LocalDate.parse(v).atStartOfDay(zone).toInstant();
            } else if (v.endsWith("Z") || v.matches(".*[+-]\\d{2}:\\d{2}$")) {
                t = OffsetDateTime.parse(v).toInstant();
            } else {
                t = LocalDateTime.parse(v).atZone(zone).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, "validation.eventDate");
        }
        int year = t.atZone(zone).getYear();
        int thisYear = now.atZone(zone).getYear();
        if (Math.abs(year - thisYear) > YEARS) {
            throw ApiException.invalidField(name, "validation.windowYear", thisYear - YEARS, thisYear + YEARS);
        }
        return t;
    }

    static void checkWindow(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw ApiException.invalidField("to", "validation.windowOrder");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.invalidField("to", "validation.windowTooLong", MAX_WINDOW.toDays());
        }
    }

    /** "minLng,minLat,maxLng,maxLat" within the world, not inverted, not crossing the antimeridian. */
    static double[] bbox(@Nullable String bbox) {
        if (bbox == null || bbox.isBlank()) {
            throw ApiException.invalidField("bbox", "validation.bbox");
        }
        String[] parts = bbox.split(",");
        if (parts.length != 4) {
            throw ApiException.invalidField("bbox", "validation.bbox");
        }
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                b[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw ApiException.invalidField("bbox", "validation.bbox");
            }
            if (!Double.isFinite(b[i])) {
                throw ApiException.invalidField("bbox", "validation.bbox");
            }
        }
        if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90) {
            throw ApiException.invalidField("bbox", "validation.bboxWorld");
        }
        if (b[0] >= b[2] || b[1] >= b[3]) {
            throw ApiException.invalidField("bbox", "validation.bboxInverted");
        }
        return b;
    }
}
