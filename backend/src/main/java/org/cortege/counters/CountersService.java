package org.cortege.counters;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.cortege.shared.Sql;

/**
 * Public counters, computed at most once per {@code cortege.counters.cache-ttl} (5 s) per territory
 * and node whatever the traffic: concurrent readers of an expired entry wait for one query
 * (Caffeine loads each key once). Only confirmed supporters and published groups count; and coming dates of actions count.
 */
@Singleton
public class CountersService {

    private static final String ALL = "";

    private final Sql sql;
    private final LoadingCache<String, Counters> cache;

    public CountersService(Sql sql, @Property(name = "cortege.counters.cache-ttl") Duration ttl) {
        this.sql = sql;
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

    private Counters compute(String departement) {
        String territory = departement.isEmpty() ? "" : " AND departement = ?";
        List<Object> params = departement.isEmpty() ? List.of() : List.of(departement);
        long supporters = sql.number("SELECT COUNT(*) FROM person WHERE status = 'CONFIRMED'" + territory, params);
        long groups = sql.number("SELECT COUNT(*) FROM support_group WHERE status = 'PUBLISHED'" + territory, params);
        // coming dates of actions: a weekly action counts each of its dates
        long events = sql.number("SELECT COUNT(*) FROM event_occurrence WHERE state = 'ON' AND starts_at >= UTC_TIMESTAMP()" + territory,
                params);
        return new Counters(supporters, groups, events, departement.isEmpty() ? null : departement, Instant.now());
    }
}
