package org.cortege.shared;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.mysql.Bucket4jMySQL;
import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import javax.sql.DataSource;

/**
 * Token-bucket rate limits (Bucket4j) whose state lives in MariaDB, so every app node counts the
 * same requests. Limits are named in {@code cortege.rate-limits} as "capacity/period" ("30/1h").
 * Subjects (IPs, emails) are hashed before they become keys: the table holds no personal data.
 * {@link #consume} runs outside any transaction (Bucket4j commits its own);
 * {@link #consumeInTransaction} counts in the caller's transaction, which commits the token with
 * the rest of the request's writes: one durable commit instead of two or more per bucket.
 */
@Singleton
public class RateLimiter {

    private static final Pattern LIMIT = Pattern.compile("(\\d+)/(\\d+)([smhd])");
    /** A bucket's row may go once the bucket has refilled, plus a minute. */
    private static final ExpirationAfterWriteStrategy EXPIRATION =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1));

    private final ProxyManager<String> buckets;
    private final ProxyManager<String> inTransaction;
    private final Map<String, String> limits;
    private final Sql sql;
    private final Map<String, BucketConfiguration> configurations = new ConcurrentHashMap<>();

    public RateLimiter(DataSource dataSource, Sql sql, @Property(name = "cortege.rate-limits") Map<String, String> limits) {
        this.limits = limits;
        this.buckets = proxyManager(DelegatingDataSource.unwrapDataSource(dataSource));
        this.inTransaction = new TransactionBuckets(sql, EXPIRATION);
        this.sql = sql;
    }

    private static ProxyManager<String> proxyManager(DataSource connections) {
        return Bucket4jMySQL.selectForUpdateBasedBuilder(connections)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(EXPIRATION)
                .build();
    }

    /**
     * Takes one token of {@code limit} for {@code subject} in the caller's transaction: the bucket's
     * row is locked until that transaction ends and the token is spent only if it commits. So a
     * request refused later in the same transaction (a 400) has spent nothing: count it with
     * {@link #consume} after the rollback when such requests must count too. A deadlock is thrown
     * as is, for {@link Retry#onDeadlock} around the whole transaction.
     *
     * @throws ApiException 429 with Retry-After when the bucket is empty, 503 when the database cannot be reached
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void consumeInTransaction(String limit, String subject) {
        BucketConfiguration configuration = configurations.computeIfAbsent(limit, this::configuration);
        ConsumptionProbe probe;
        try {
            probe = inTransaction.builder().build(key(limit, subject), () -> configuration).tryConsumeAndReturnRemaining(1);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // Bucket4j's time limit, the database gone or its lock wait timed out: the request cannot be counted,
            // the client may retry. A deadlock goes up to Retry.onDeadlock around the whole transaction.
            if (Retry.isDeadlock(e)) {
                throw e;
            }
            throw ApiException.unavailable();
        }
        if (!probe.isConsumed()) {
            throw ApiException.tooManyRequests(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /**
     * Takes one token from the bucket of {@code limit} for {@code subject}.
     *
     * @throws ApiException 429 with Retry-After when the bucket is empty, 503 when the database cannot be reached
     */
    public void consume(String limit, String subject) {
        BucketConfiguration configuration = configurations.computeIfAbsent(limit, this::configuration);
        // The limit's spec is part of the key: a changed limit starts new buckets instead of keeping the
        // configuration stored with the old ones until they expire.
        String key = key(limit, subject);
        ConsumptionProbe probe;
        try {
            probe = consumeRetryingDeadlocks(key, configuration);
        } catch (io.github.bucket4j.BucketExceptions.BucketExecutionException e) {
            // Bucket4j's only work is in MariaDB: when it fails (the server went away mid-transaction,
            // its rollback failed too), the request cannot be counted; the client may retry.
            throw ApiException.unavailable();
        }
        if (!probe.isConsumed()) {
            throw ApiException.tooManyRequests(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /**
     * Whether the bucket of {@code limit} for {@code subject} is empty, without taking a token (for
     * limits counted on failures only: a sign-in code is checked against them before it is tried).
     *
     * @throws ApiException 503 when the database cannot be reached
     */
    public boolean isExhausted(String limit, String subject) {
        BucketConfiguration configuration = configurations.computeIfAbsent(limit, this::configuration);
        try {
            return Retry.onDeadlock(() -> buckets.builder().build(key(limit, subject), () -> configuration).getAvailableTokens()) <= 0;
        } catch (io.github.bucket4j.BucketExceptions.BucketExecutionException e) {
            throw ApiException.unavailable();
        }
    }

    /** Takes a token if one is left; returns false (no exception) when the bucket was empty. */
    public boolean tryConsume(String limit, String subject) {
        try {
            consume(limit, subject);
            return true;
        } catch (ApiException e) {
            if (e.status() == io.micronaut.http.HttpStatus.TOO_MANY_REQUESTS) {
                return false;
            }
            throw e;
        }
    }

    private String key(String limit, String subject) {
        return limit + ":" + Tokens.hash(limits.get(limit).trim() + "|" + subject).substring(0, 40);
    }

    /**
     * Concurrent first uses of one bucket (one IP signing up many people at once) can deadlock in
     * InnoDB on its row; Bucket4j retries only Connector/J's own exception class, so with the MariaDB
     * driver the retry is ours.
     */
    private ConsumptionProbe consumeRetryingDeadlocks(String key, BucketConfiguration configuration) {
        return Retry.onDeadlock(() -> buckets.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1));
    }

    private BucketConfiguration configuration(String limit) {
        String spec = limits.get(limit);
        if (spec == null) {
            throw new IllegalStateException("No rate limit named " + limit + " in cortege.rate-limits");
        }
        Matcher m = LIMIT.matcher(spec.trim());
        if (!m.matches()) {
            throw new IllegalStateException("cortege.rate-limits." + limit + " must look like 30/1h, not " + spec);
        }
        long capacity = Long.parseLong(m.group(1));
        long amount = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
                .build();
    }

    /**
     * Deletes buckets that refilled long ago, and rows left without a state (a crash between Bucket4j's insert of an empty
     * row and the write of its state: they have no expiry, and an empty bucket row means a full bucket anyway; a row an
     * unfinished transaction is filling is locked by it, so the delete waits and finds it filled). Returns how many.
     */
    public int purgeExpired() {
        int total = 0;
        if (buckets instanceof io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner cleaner) {
            int removed;
            do {
                removed = cleaner.removeExpired(1000);
                total += removed;
            } while (removed == 1000);
        }
        int empty;
        do {
            empty = sql.update("DELETE FROM rate_limit_bucket WHERE state IS NULL LIMIT 1000", java.util.List.of());
            total += empty;
        } while (empty == 1000);
        return total;
    }
}
