package org.cortege.shared;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's compare-and-swap protocol on the {@code rate_limit_bucket} table, in the caller's
 * transaction (the same rows and state format as Bucket4j's MySQL manager, which counts outside
 * transactions). Bucket4j computes the buckets; this class only reads a state and writes the new
 * one if nobody changed it meanwhile (else Bucket4j reads again and recomputes).
 *
 * <p>Why not Bucket4j's select-for-update manager here: on a new bucket it takes five statements
 * (a locked read that finds nothing, an insert, a commit it expects, two more locked reads) where
 * this takes four (a read, a second read once Bucket4j has the bucket's configuration, an insert, a
 * read of what the insert did), and it holds no lock on an absent key. An existing bucket costs two statements either way. Needs READ COMMITTED
 * (the pool's level): a retry must see the state another transaction committed.
 */
final class TransactionBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {

    private static final String SELECT = "SELECT state FROM rate_limit_bucket WHERE id = ?";
    /**
     * A new bucket, or the state of a row that has none; a row with a state keeps it. Whether this statement wrote the state
     * is left in the session's {@code @cortege_claimed}: 1 when it inserted the row (the VALUES row is computed first, in
     * both cases) unless the row existed, then whether its state was empty (assignments run left to right).
     */
    private static final String CLAIM = "INSERT INTO rate_limit_bucket (id, state, expires_at) VALUES (?, IF(@cortege_claimed := 1, ?, NULL), ?) "
            + "ON DUPLICATE KEY UPDATE expires_at = IF(state IS NULL, VALUES(expires_at), expires_at), "
            + "state = IF(@cortege_claimed := (state IS NULL), VALUES(state), state)";
    private static final String CLAIMED = "SELECT @cortege_claimed";
    private static final String UPDATE = "UPDATE rate_limit_bucket SET state = ?, expires_at = ? WHERE id = ? AND state = ?";

    private final Sql sql;
    private final ExpirationAfterWriteStrategy expiration;

    TransactionBuckets(Sql sql, ExpirationAfterWriteStrategy expiration) {
        // The time limit ends Bucket4j's retries (each follows a state someone else wrote: under READ COMMITTED it is
        // seen at once, so the limit is only reached when the database stalls); RateLimiter answers 503 then.
        super(ClientSideConfig.getDefault().withExpirationAfterWriteStrategy(expiration).withRequestTimeout(Duration.ofSeconds(10)));
        this.sql = sql;
        this.expiration = expiration;
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                List<byte[]> states = sql.list(SELECT, List.of(key), rs -> rs.getBytes(1));
                return states.isEmpty() ? Optional.empty() : Optional.ofNullable(states.get(0));
            }

            @Override
            public boolean compareAndSwap(byte[] original, byte[] updated, RemoteBucketState state, Optional<Long> timeoutNanos) {
                long expires = expiresAt(state, currentTimeNanos());
                if (original == null) {
                    // No state: no row, or a row without state (Bucket4j's other manager, which `consume` uses on the
                    // same keys, inserts an empty row and fills it in a second transaction; a crash between the two
                    // leaves it empty). One statement claims either, locking the row exclusively from the start
                    // (an INSERT IGNORE meeting the row would take a shared lock, and two such requests then deadlock
                    // on their updates). Whether this statement wrote the state is what it says, not a comparison of
                    // states: two requests in the same millisecond compute the very same state for a new bucket, and
                    // comparing let both believe they had claimed it (a third sign-up of a limit of two, once in a
                    // suite's run). A state written meanwhile by someone else is left alone, and Bucket4j reads it
                    // and tries again.
                    sql.update(CLAIM, List.of(key, updated, expires));
                    List<Long> claimed = sql.list(CLAIMED, List.of(), rs -> rs.getLong(1));
                    return !claimed.isEmpty() && claimed.get(0) == 1L;
                }
                return sql.update(UPDATE, List.of(updated, expires, key, original)) == 1;
            }
        };
    }

    /** The expiry Bucket4j's own JDBC managers write: wall-clock milliseconds, never for a negative time to live. */
    private long expiresAt(RemoteBucketState state, long nowNanos) {
        long ttl = expiration.calculateTimeToLiveMillis(state, nowNanos);
        return ttl < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + ttl;
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("JDBC is synchronous");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }

    @Override
    public void removeProxy(String key) {
        throw new UnsupportedOperationException("buckets expire; the purge job deletes them");
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        throw new UnsupportedOperationException("JDBC is synchronous");
    }
}
