package org.cortege.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One node of a segment's rule tree: either a group ({@code op} = and, or, not, over {@code rules})
 * or a criterion ({@code field} with the parameters it reads). Criteria:
 * <ul>
 * <li>{@code age}: {@code min}, {@code max} in whole years (from the birth date; unknown age never matches)</li>
 * <li>{@code departement}, {@code region}, {@code commune} (INSEE codes), {@code postalCode}: {@code values}, any of</li>
 * <li>{@code near}: {@code postalCode} or {@code lat}/{@code lng}, and {@code radiusKm} (up to 300)</li>
 * <li>{@code interest}, {@code tag} (tag ids), {@code source}, {@code status}: {@code values}, any of</li>
 * <li>{@code group}: member of any of {@code values} (group ids or slugs; none: of any group), {@code role} member or manager</li>
 * <li>{@code attended}, {@code rsvp}: an action whose date falls in {@code from}–{@code to} (ISO dates, inclusive,
 *     in the movement's time zone) or in the last {@code withinDays} days</li>
 * <li>{@code signup}, {@code lastActivity}: the same window on the sign-up date or the last activity</li>
 * <li>{@code person}: these people ({@code values}, public ids)</li>
 * <li>{@code emailConsent}: {@code value} true or false</li>
 * </ul>
 * Relative windows ({@code withinDays}, ages) are evaluated at each use, so a saved segment stays up to date.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentRule(
        @Nullable String op,
        @Nullable List<SegmentRule> rules,
        @Nullable String field,
        @Nullable List<String> values,
        @Nullable Integer min,
        @Nullable Integer max,
        @Nullable String from,
        @Nullable String to,
        @Nullable Integer withinDays,
        @Nullable String postalCode,
        @Nullable Double lat,
        @Nullable Double lng,
        @Nullable Double radiusKm,
        @Nullable Boolean value,
        @Nullable String role) {

    public static SegmentRule and(List<SegmentRule> rules) {
        return new SegmentRule("and", rules, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static SegmentRule values(String field, List<String> values) {
        return new SegmentRule(null, null, field, values, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Whether this is an empty "and": no condition at all. */
    public boolean isEmpty() {
        return field == null && "and".equals(op) && (rules == null || rules.isEmpty());
    }

    /** Matches everyone (within the viewer's territory). */
    public static SegmentRule everyone() {
        return new SegmentRule("and", List.of(), null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
