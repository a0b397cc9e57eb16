package org.cortege.shared;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Per-node token buckets in memory, for cheap public reads that a script could still hammer (town
 * suggestions, link-preview drawings): a limit kept in MariaDB ({@link RateLimiter}) would cost a
 * write per request, more than the read it guards. Generous on purpose: an address can be a whole
 * mobile carrier's NAT. Each node counts its own requests.
 */
@Singleton
public class LocalRateLimiter {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    /**
     * Takes one token of {@code name} for {@code subject}.
     *
     * @throws ApiException 429 with Retry-After when the bucket is empty
     */
    public void consume(String name, String subject, int perMinute) {
        Bucket bucket = buckets.get(name + "|" + subject, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build()).build());
        if (!bucket.tryConsume(1)) {
            throw ApiException.tooManyRequests(Duration.ofSeconds(Math.max(1, 60 / perMinute)));
        }
    }
}
