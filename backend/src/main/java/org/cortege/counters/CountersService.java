package org.cortege.counters;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Public counters, computed at most once per {@code cortege.counters.cache-ttl} (5 s) per territory
 * and node whatever the traffic: concurrent readers of an expired entry wait for one query
 * (Caffeine loads each key once). Only confirmed supporters and published groups count; and coming dates of actions count.
 */
@Singleton
public class CountersService {

    private static final String ALL = "";

    private final DataSource dataSource;
    private final LoadingCache<String, Counters> cache;

    public CountersService(DataSource dataSource, @Property(name = "cortege.counters.cache-ttl") Duration ttl) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.cache = Caffeine.newBuilder().maximumSize(200).expireAfterWrite(ttl).build(this::compute);
    }

    /** The whole movement's figures, or one département's ({@code "13"}, {@code "2A"}, {@code "974"}). */
    public Counters get(Optional<String> departement) {
        return cache.get(departement.orElse(ALL));
    }

    /** Drops cached figures (tests, and features that want a change to show at once). */
    public void invalidate() {
        cache.invalidateAll();
    }

    private Counters compute(String departement) throws SQLException {
        String territory = departement.isEmpty() ? "" : " AND departement = ?";
        try (Connection c = dataSource.getConnection()) {
            long supporters = count(c, "SELECT COUNT(*) FROM person WHERE status = 'CONFIRMED'" + territory, departement);
            long groups = count(c, "SELECT COUNT(*) FROM support_group WHERE status = 'PUBLISHED'" + territory, departement);
            // coming dates of actions: a weekly action counts each of its dates
            long events = count(c, "SELECT COUNT(*) FROM event_occurrence WHERE state = 'ON' AND starts_at >= UTC_TIMESTAMP()" + territory,
                    departement);
            return new Counters(supporters, groups, events, departement.isEmpty() ? null : departement, Instant.now());
        }
    }

    private static long count(Connection c, String sql, String departement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (!departement.isEmpty()) {
                ps.setString(1, departement);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
