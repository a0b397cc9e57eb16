package org.cortege.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * The claim of a new rate-limit bucket in the caller's transaction. Two requests in the same millisecond compute the very
 * same state for a new bucket; the second must not take the first's claim for its own (a suite's run once let three
 * sign-ups through a limit of two that way).
 */
@AppTest
class TransactionBucketsTest extends ApiTest {

    @Inject
    Sql sql;

    @Inject
    TransactionOperations<Connection> transactions;

    private boolean claim(TransactionBuckets on, String key, byte[] state) {
        return transactions.executeWrite(status -> on.beginCompareAndSwapOperation(key).compareAndSwap(null, state, null, Optional.empty()));
    }

    private byte[] stateOf(String key) {
        return sql.list("SELECT state FROM rate_limit_bucket WHERE id = ?", List.of(key), rs -> rs.getBytes(1)).get(0);
    }

    @Test
    void aNewBucketIsClaimedOnceEvenByTheSameState() {
        TransactionBuckets on = new TransactionBuckets(sql, ExpirationAfterWriteStrategy.fixedTimeToLive(Duration.ofMinutes(5)));
        String key = "test-claim:" + UUID.randomUUID();
        byte[] first = {1, 2, 3, 4};
        assertTrue(claim(on, key, first), "the first claim of a new bucket wins");
        assertFalse(claim(on, key, first.clone()), "the same state claimed again is someone else's: Bucket4j must read it and try again");
        assertFalse(claim(on, key, new byte[] {9, 9}), "another state does not replace it either");
        assertArrayEquals(first, stateOf(key));

        // a row without state (Bucket4j's other manager inserts one, then fills it: a crash between leaves it empty) is claimed
        String empty = "test-claim:" + UUID.randomUUID();
        sql.update("INSERT INTO rate_limit_bucket (id, state, expires_at) VALUES (?, NULL, NULL)", List.of(empty));
        assertTrue(claim(on, empty, first), "an empty row is claimed");
        assertArrayEquals(first, stateOf(empty));
        assertFalse(claim(on, empty, first.clone()), "and then it is not empty any more");
    }
}
