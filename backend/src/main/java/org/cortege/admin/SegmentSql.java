package org.cortege.admin;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.cortege.geo.Circle;
import org.cortege.geo.GeoService;
import org.cortege.groups.GroupService;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Sql;

/**
 * Turns a {@link SegmentRule} tree into a SQL condition on {@code person p} and its bound
 * parameters. Only SQL written here is concatenated: field names pick fixed fragments, every value
 * the admin typed is a parameter. Every criterion is two-valued (never SQL NULL), so NOT means
 * "everyone else" (people of unknown age included in "not 18–25").
 */
@Singleton
class SegmentSql {

    /** A condition on {@code person p} with its parameters, in order. */
    record Condition(String sql, List<Object> params) {
    }

    static final int MAX_NODES = 60;
    static final int MAX_DEPTH = 6;
    static final int MAX_VALUES = 1000;
    static final double MAX_RADIUS_KM = 300;
    /** Past this many 0.1° squares (a radius of about 100 km), a band of latitude is read instead. */
    static final int MAX_CELLS = 500;

    private static final Set<String> STATUSES = java.util.Arrays.stream(org.cortege.people.PersonStatus.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Set<String> RELATIONS = java.util.Arrays.stream(org.cortege.people.Relation.values()).map(Enum::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Pattern INSEE = Pattern.compile("[0-9][0-9AB][0-9]{3}");
    private static final Pattern CAMPAIGN = Pattern.compile(org.cortege.people.Inputs.CAMPAIGN_TAG);
    private static final Pattern SOURCE = Pattern.compile("[\\p{L}0-9 :_.@/-]{1,40}");
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

    private final GeoService geo;
    private final GroupService groups;
    private final InstanceSettings settings;
    private final Clock clock;

    SegmentSql(GeoService geo, GroupService groups, InstanceSettings settings) {
        this.geo = geo;
        this.groups = groups;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    /**
     * The condition a rule tree stands for.
     *
     * @throws ApiException 400 on field {@code rule} naming what is wrong (unknown criterion or
     *                      value, empty list, impossible range, tree too large)
     */
    Condition compile(SegmentRule rule) {
        int[] nodes = {0};
        List<Object> params = new ArrayList<>();
        String sql = node(rule == null ? SegmentRule.everyone() : rule, 1, nodes, params);
        return new Condition(sql, params);
    }

    private String node(SegmentRule r, int depth, int[] nodes, List<Object> params) {
        if (++nodes[0] > MAX_NODES || depth > MAX_DEPTH) {
            throw invalid("segment.tooBig", MAX_NODES, MAX_DEPTH);
        }
        if (r.op() != null) {
            List<SegmentRule> children = r.rules() == null ? List.of() : r.rules();
            String op = r.op().toLowerCase(Locale.ROOT);
            List<String> parts = new ArrayList<>();
            for (SegmentRule child : children) {
                if (child == null) {
                    throw invalid("segment.op", "null");
                }
                parts.add(node(child, depth + 1, nodes, params));
            }
            return switch (op) {
                case "and" -> parts.isEmpty() ? "TRUE" : "(" + String.join(" AND ", parts) + ")";
                case "or" -> parts.isEmpty() ? "TRUE" : "(" + String.join(" OR ", parts) + ")";
                case "not" -> parts.isEmpty() ? "FALSE" : "NOT (" + String.join(" AND ", parts) + ")";
                default -> throw invalid("segment.op", r.op());
            };
        }
        if (r.field() == null) {
            throw invalid("segment.field", "");
        }
        return criterion(r, params);
    }

    private String criterion(SegmentRule r, List<Object> params) {
        String field = r.field();
        switch (field) {
            case "age": {
                Integer min = r.min();
                Integer max = r.max();
                if (min == null && max == null || min != null && (min < 0 || min > 120) || max != null && (max < 0 || max > 120)
                        || min != null && max != null && min > max) {
                    throw invalid("segment.age");
                }
                LocalDate today = LocalDate.now(clock.withZone(zone()));
                // Aged at least min: born on or before today minus min years. At most max: born after today minus max+1 years.
                LocalDate latestBirth = min == null ? today : today.minusYears(min);
                LocalDate earliestBirth = max == null ? EARLIEST : today.minusYears(max + 1L).plusDays(1);
                params.add(earliestBirth);
                params.add(latestBirth);
                return "(p.birth_date IS NOT NULL AND p.birth_date BETWEEN ? AND ?)";
            }
            case "departement": {
                List<String> codes = values(r, v -> v.strip().toUpperCase(Locale.ROOT), geo::departementExists);
                return in("p.departement", codes, params);
            }
            case "region": {
                List<String> regions = values(r, v -> v.strip().toUpperCase(Locale.ROOT), v -> v.matches("[A-Z0-9]{1,3}"));
                params.add(geo.country());
                params.addAll(regions);
                return "(p.departement IS NOT NULL AND p.departement IN (SELECT d.code FROM geo_departement d WHERE d.country = ? "
                        + "AND d.region IN (" + Sql.marks(regions.size()) + ")))";
            }
            case "commune":
                return in("p.insee_code", values(r, v -> v.strip().toUpperCase(Locale.ROOT), v -> INSEE.matcher(v).matches()), params);
            case "postalCode":
                return in("p.postal_code", values(r, v -> {
                    String n = geo.normalizePostalCode(v);
                    return n == null ? v : n;
                }, v -> geo.normalizePostalCode(v) != null), params);
            case "near":
                return near(r, params);
            case "interest": {
                List<String> keys = values(r, String::strip, settings::isInterest);
                params.addAll(keys);
                return "EXISTS (SELECT 1 FROM person_interest i WHERE i.person_id = p.id AND i.interest_key IN ("
                        + Sql.marks(keys.size()) + "))";
            }
            case "tag": {
                List<String> ids = values(r, String::strip, v -> v.matches("\\d{1,18}"));
                ids.forEach(id -> params.add(Long.parseLong(id)));
                return "EXISTS (SELECT 1 FROM person_tag t WHERE t.person_id = p.id AND t.tag_id IN (" + Sql.marks(ids.size()) + "))";
            }
            case "person": {
                List<String> ids = values(r, String::strip, v -> v.matches("[A-Za-z0-9_-]{1,24}"));
                return in("p.public_id", ids, params);
            }
            case "source":
                return in("p.source", values(r, String::strip, v -> SOURCE.matcher(v).matches()), params);
            case "status":
                return in("p.status", values(r, v -> v.strip().toUpperCase(Locale.ROOT), STATUSES::contains), params);
            case "relation":
                return in("p.relation", values(r, v -> v.strip().toUpperCase(Locale.ROOT), RELATIONS::contains), params);
            case "group":
                return group(r, params);
            case "attended":
            case "rsvp": {
                Instant[] w = window(r);
                if (field.equals("attended") && r.withinDays() != null) {
                    // A window ending now: the latest date the person came to says it (kept by RsvpService, V15).
                    params.add(w[0]);
                    return "(p.last_attended_at IS NOT NULL AND p.last_attended_at >= ?)";
                }
                params.add(w[0]);
                params.add(w[1]);
                // Naming every state lets MariaDB read the window's dates through (state, starts_at) and only their answers.
                return "EXISTS (SELECT 1 FROM event_occurrence o JOIN event_rsvp r ON r.occurrence_id = o.id "
                        + "WHERE r.person_id = p.id AND r.status = 'CONFIRMED'" + (field.equals("attended") ? " AND r.attended" : "")
                        + " AND o.state IN ('ON', 'CANCELLED', 'HIDDEN') AND o.starts_at >= ? AND o.starts_at < ?)";
            }
            case "signup": {
                Instant[] w = window(r);
                params.add(w[0]);
                params.add(w[1]);
                return "(p.created_at >= ? AND p.created_at < ?)";
            }
            case "lastActivity": {
                Instant[] w = window(r);
                params.add(w[0]);
                params.add(w[1]);
                return "(p.last_active_at IS NOT NULL AND p.last_active_at >= ? AND p.last_active_at < ?)";
            }
            case "emailConsent":
                if (r.value() == null) {
                    throw invalid("segment.value", field, "");
                }
                return r.value() ? "p.email_consent" : "NOT p.email_consent";
            case "referred":
                // signed up through a supporter's personal link (the referrals feature's table, a declared read)
                if (r.value() == null) {
                    throw invalid("segment.value", field, "");
                }
                return (r.value() ? "" : "NOT ") + "EXISTS (SELECT 1 FROM signup_source s WHERE s.person_id = p.id AND s.through_link)";
            case "campaign": {
                // signed up through a link of these campaigns (utm_campaign, as written in the link)
                List<String> campaigns = values(r, String::strip, v -> v.length() <= 100 && CAMPAIGN.matcher(v).matches());
                params.addAll(campaigns);
                return "EXISTS (SELECT 1 FROM signup_source s WHERE s.person_id = p.id AND s.utm_campaign IN (" + Sql.marks(campaigns.size()) + "))";
            }
            default:
                throw invalid("segment.field", field);
        }
    }

    private String near(SegmentRule r, List<Object> params) {
        Double radius = r.radiusKm();
        if (radius == null || !Double.isFinite(radius) || radius < 0.1 || radius > MAX_RADIUS_KM) {
            throw invalid("segment.near");
        }
        double lat;
        double lng;
        if (r.postalCode() != null && !r.postalCode().isBlank()) {
            var place = geo.resolve(r.postalCode(), null).orElseThrow(() -> invalid("segment.near"));
            lat = place.lat();
            lng = place.lng();
        } else if (r.lat() != null && r.lng() != null && Double.isFinite(r.lat()) && Double.isFinite(r.lng())
                && Math.abs(r.lat()) <= 90 && Math.abs(r.lng()) <= 180) {
            lat = r.lat();
            lng = r.lng();
        } else {
            throw invalid("segment.near");
        }
        Circle c = new Circle(lat, lng, radius);
        // The 0.1° squares around the circle narrow a million people to a few thousand through (geo_cell, lat, lng).
        List<Integer> cells = Circle.cells(c.minLat(), c.maxLat(), c.minLng(), c.maxLng(), MAX_CELLS);
        String cellSql = "";
        if (cells != null) {
            cellSql = "p.geo_cell IN (" + Sql.marks(cells.size()) + ") AND ";
            params.addAll(cells);
        }
        params.addAll(List.of(c.minLat(), c.maxLat(), c.minLng(), c.maxLng()));
        params.addAll(c.distanceParams());
        params.add(radius);
        return "(" + cellSql + "p.lat IS NOT NULL AND p.lat BETWEEN ? AND ? AND p.lng BETWEEN ? AND ? AND "
                + Circle.distanceSql("p.") + " <= ?)";
    }

    private String group(SegmentRule r, List<Object> params) {
        StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM group_membership m WHERE m.person_id = p.id");
        if (r.values() != null && !r.values().isEmpty()) {
            if (r.values().size() > MAX_VALUES) {
                throw invalid("segment.values", "group", MAX_VALUES);
            }
            List<Long> ids = new ArrayList<>();
            for (String v : r.values()) {
                try {
                    ids.add(groups.find(v == null ? null : v.strip()).id());
                } catch (ApiException e) {
                    throw invalid("segment.value", "group", v);
                }
            }
            sql.append(" AND m.group_id IN (").append(Sql.marks(ids.size())).append(")");
            params.addAll(ids);
        }
        if (r.role() != null) {
            switch (r.role().toLowerCase(Locale.ROOT)) {
                case "manager" -> sql.append(" AND m.role IN ('FOUNDER', 'MANAGER')");
                case "member" -> sql.append(" AND m.role = 'MEMBER'");
                default -> throw invalid("segment.role", r.role());
            }
        }
        return sql.append(")").toString();
    }

    /** [from, to) as instants: ISO dates inclusive in the movement's zone, or the last {@code withinDays} days. */
    private Instant[] window(SegmentRule r) {
        ZoneId zone = zone();
        if (r.withinDays() != null) {
            if (r.from() != null || r.to() != null || r.withinDays() < 1 || r.withinDays() > 3650) {
                throw invalid("segment.window", r.field());
            }
            Instant now = clock.instant();
            return new Instant[] {now.minus(java.time.Duration.ofDays(r.withinDays())), now.plusSeconds(1)};
        }
        LocalDate from = date(r, r.from(), EARLIEST);
        LocalDate to = date(r, r.to(), LATEST);
        if (r.from() == null && r.to() == null || to.isBefore(from)) {
            throw invalid("segment.window", r.field());
        }
        return new Instant[] {from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant()};
    }

    private LocalDate date(SegmentRule r, String raw, LocalDate fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            LocalDate d = LocalDate.parse(raw.strip());
            if (d.isBefore(EARLIEST) || d.isAfter(LATEST)) {
                throw invalid("segment.window", r.field());
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid("segment.window", r.field());
        }
    }

    private List<String> values(SegmentRule r, java.util.function.UnaryOperator<String> normalize,
                                java.util.function.Predicate<String> valid) {
        if (r.values() == null || r.values().isEmpty() || r.values().size() > MAX_VALUES) {
            throw invalid("segment.values", r.field(), MAX_VALUES);
        }
        List<String> out = new ArrayList<>();
        for (String raw : r.values()) {
            if (raw == null || raw.isBlank() || raw.length() > 60) {
                throw invalid("segment.value", r.field(), raw == null ? "" : raw.length() > 60 ? raw.substring(0, 60) + "…" : raw);
            }
            String v = normalize.apply(raw);
            if (!valid.test(v)) {
                throw invalid("segment.value", r.field(), raw);
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static String in(String column, List<String> values, List<Object> params) {
        params.addAll(values);
        return "(" + column + " IS NOT NULL AND " + column + " IN (" + Sql.marks(values.size()) + "))";
    }

    private ZoneId zone() {
        return settings.timeZone();
    }

    private static ApiException invalid(String key, Object... args) {
        return ApiException.invalidField("rule", "validation." + key, args);
    }
}
