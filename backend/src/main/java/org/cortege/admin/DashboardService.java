package org.cortege.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Sql;

/**
 * The growth figures of the dashboard, within the viewer's territory: per month over the last
 * twelve (months of the movement's time zone), new confirmed supporters and their running total,
 * new groups, dates of action; supporters by département and by sign-up source; and the funnel
 * from sign-up to confirmed to group member to action attended. Each month is a range on an
 * indexed column, all months summed in one pass; answers are kept {@code cortege.dashboard.cache-ttl}.
 */
@Singleton
public class DashboardService {

    static final int MONTHS = 12;

    @Serdeable
    public record Point(String month, long value) {
    }

    @Serdeable
    public record Slice(String key, @Nullable String label, long value) {
    }

    @Serdeable
    public record Funnel(long signedUp, long confirmed, long members, long attended) {
    }

    @Serdeable
    public record Dashboard(List<Point> supporters, List<Point> supportersTotal, List<Point> groups, List<Point> actions,
                            List<Slice> departements, List<Slice> sources, List<Slice> campaigns, long throughLinks, Funnel funnel,
                            Instant computedAt) {
    }

    private final Sql sql;
    private final InstanceSettings settings;
    private final Cache<String, Dashboard> cache;

    DashboardService(Sql sql, InstanceSettings settings,
                     @io.micronaut.context.annotation.Property(name = "cortege.dashboard.cache-ttl") Duration ttl) {
        this.sql = sql;
        this.settings = settings;
        this.cache = Caffeine.newBuilder().maximumSize(200).expireAfterWrite(ttl).build();
    }

    public Dashboard dashboard(Staff staff) {
        String key = staff.admin() ? "*" : staff.scopeText();
        return cache.get(key, k -> compute(staff));
    }

    private Dashboard compute(Staff staff) {
        ZoneId zone = settings.timeZone();
        YearMonth first = YearMonth.now(zone).minusMonths(MONTHS - 1L);
        List<Instant> bounds = new ArrayList<>();
        for (int i = 0; i <= MONTHS; i++) {
            bounds.add(first.plusMonths(i).atDay(1).atStartOfDay(zone).toInstant());
        }
        Staff.Scope scope = staff.scope();
        String groupScope = staff.scopeOn("g.departement").sql();
        String occurrenceScope = staff.scopeOn("o.departement").sql();

        List<Long> confirmed = monthly("person p", "p.confirmed_at", "p.status <> 'BANNED' AND " + scope.sql(), scope.params(), bounds);
        long before = sql.number("SELECT COUNT(*) FROM person p WHERE p.confirmed_at < ? AND p.status <> 'BANNED' AND " + scope.sql(),
                concat(List.of(bounds.get(0)), scope.params()));
        List<Point> supporters = new ArrayList<>();
        List<Point> totals = new ArrayList<>();
        long running = before;
        for (int i = 0; i < MONTHS; i++) {
            running += confirmed.get(i);
            supporters.add(new Point(first.plusMonths(i).toString(), confirmed.get(i)));
            totals.add(new Point(first.plusMonths(i).toString(), running));
        }
        List<Point> groups = points(first, monthly("support_group g", "g.created_at", "g.status = 'PUBLISHED' AND " + groupScope,
                scope.params(), bounds));
        List<Point> actions = points(first, monthly("event_occurrence o", "o.starts_at", "o.state = 'ON' AND " + occurrenceScope,
                scope.params(), bounds));

        List<Slice> departements = sql.list("SELECT p.departement, d.name, COUNT(*) AS n FROM person p LEFT JOIN geo_departement d "
                        + "ON d.country = p.country AND d.code = p.departement WHERE p.status = 'CONFIRMED' AND p.departement IS NOT NULL AND " + scope.sql()
                        + " GROUP BY p.departement, d.name ORDER BY n DESC LIMIT 15", scope.params(),
                rs -> new Slice(rs.getString(1), rs.getString(2), rs.getLong(3)));
        List<Slice> sources = sql.list("SELECT p.source, COUNT(*) AS n FROM person p WHERE p.status <> 'BANNED' AND " + scope.sql()
                + " GROUP BY p.source ORDER BY n DESC LIMIT 10", scope.params(), rs -> new Slice(rs.getString(1), null, rs.getLong(2)));

        // Where confirmed supporters came from (the referrals feature's table, declared in docs/architecture.md): the campaign
        // tags of the link that brought them ("affiche · rentrée"), and how many came through a supporter's personal link.
        List<Slice> campaigns = sql.list("SELECT CONCAT_WS(' · ', s.utm_source, s.utm_medium, s.utm_campaign) AS k, COUNT(*) AS n "
                + "FROM signup_source s JOIN person p ON p.id = s.person_id WHERE p.status = 'CONFIRMED' AND " + scope.sql()
                + " AND (s.utm_source IS NOT NULL OR s.utm_medium IS NOT NULL OR s.utm_campaign IS NOT NULL) GROUP BY k ORDER BY n DESC, k LIMIT 10",
                scope.params(), rs -> new Slice(rs.getString(1), null, rs.getLong(2)));
        long throughLinks = sql.number("SELECT COUNT(*) FROM signup_source s JOIN person p ON p.id = s.person_id WHERE p.status = 'CONFIRMED' "
                + "AND s.through_link AND " + scope.sql(), scope.params());

        long signedUp = sql.number("SELECT COUNT(*) FROM person p WHERE p.status IN ('PENDING', 'CONFIRMED') AND " + scope.sql(),
                scope.params());
        long confirmedCount = sql.number("SELECT COUNT(*) FROM person p WHERE p.status = 'CONFIRMED' AND " + scope.sql(), scope.params());
        long members = sql.number("SELECT COUNT(*) FROM person p WHERE p.status = 'CONFIRMED' AND " + scope.sql()
                + " AND EXISTS (SELECT 1 FROM group_membership m WHERE m.person_id = p.id)", scope.params());
        long attended = sql.number("SELECT COUNT(*) FROM person p WHERE p.status = 'CONFIRMED' AND " + scope.sql()
                + " AND EXISTS (SELECT 1 FROM event_rsvp r WHERE r.person_id = p.id AND r.status = 'CONFIRMED' AND r.attended)",
                scope.params());
        return new Dashboard(supporters, totals, groups, actions, departements, sources, campaigns, throughLinks,
                new Funnel(signedUp, confirmedCount, members, attended), Instant.now());
    }

    /** Rows per month of {@code column} in one pass: SUM(column in month i) for each month. */
    private List<Long> monthly(String table, String column, String where, List<Object> scopeParams, List<Instant> bounds) {
        StringBuilder select = new StringBuilder("SELECT ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < MONTHS; i++) {
            select.append(i == 0 ? "" : ", ").append("COALESCE(SUM(").append(column).append(" >= ? AND ").append(column).append(" < ?), 0)");
            params.add(bounds.get(i));
            params.add(bounds.get(i + 1));
        }
        select.append(" FROM ").append(table).append(" WHERE ").append(column).append(" >= ? AND ").append(column).append(" < ? AND ")
                .append(where);
        params.add(bounds.get(0));
        params.add(bounds.get(MONTHS));
        params.addAll(scopeParams);
        return sql.list(select.toString(), params, rs -> {
            List<Long> out = new ArrayList<>();
            for (int i = 1; i <= MONTHS; i++) {
                out.add(rs.getLong(i));
            }
            return out;
        }).get(0);
    }

    private static List<Point> points(YearMonth first, List<Long> values) {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            out.add(new Point(first.plusMonths(i).toString(), values.get(i)));
        }
        return out;
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
