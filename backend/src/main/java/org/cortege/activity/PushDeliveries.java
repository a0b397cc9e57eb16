package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.cortege.shared.Sql;

/**
 * The pushes owed: one row per feed entry and browser, written with the entry; taken by any node with a lease
 * ({@code SKIP LOCKED}, a minute), sent outside any transaction, then deleted. A node that stops between sending and
 * deleting leaves the lease to run out and the push goes again: at least once, and the push service keeps only the
 * last message of a topic (the entry) it has not yet delivered, so a browser that was offline sees it once.
 */
@Singleton
class PushDeliveries {

    static final int MAX_ATTEMPTS = 5;
    /** Longer than a batch can take (10 pushes × 15 s at worst), so that no other node takes them while they are sent. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final Sql sql;

    PushDeliveries(Sql sql) {
        this.sql = sql;
    }

    /** Queues a push to each browser of these people for their entry of this batch (kind, subject, instant). */
    void owe(Collection<Long> personIds, ActivityKind kind, String subject, Timestamp createdAt) {
        if (personIds.isEmpty()) {
            return;
        }
        for (List<Long> chunk : ActivityService.chunks(personIds)) {
            List<Object> params = new ArrayList<>(List.of(createdAt, kind.key, subject, createdAt));
            params.addAll(chunk);
            sql.update("INSERT INTO push_delivery (subscription_id, activity_id, next_attempt_at) SELECT s.id, a.id, ? FROM activity a "
                    + "JOIN push_subscription s ON s.person_id = a.person_id WHERE a.kind = ? AND a.subject = ? AND a.created_at = ? "
                    + "AND a.person_id IN (" + Sql.marks(chunk.size()) + ")", params);
        }
    }

    /** A push taken to send: the browser's keys and the entry it tells. */
    record Taken(long id, long subscriptionId, String endpoint, String p256dh, String auth, int attempts, long activityId, long personId,
                 String kind, @Nullable Long groupId, @Nullable Long actorId, String subject, @Nullable Timestamp startsAt, String link) {
    }

    /** Takes up to {@code limit} pushes due at {@code now} for a minute. */
    @Transactional
    List<Taken> take(Instant now, int limit) {
        Timestamp at = Timestamp.from(now);
        List<Long> ids = sql.list("SELECT id FROM push_delivery WHERE next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) "
                + "ORDER BY id LIMIT " + limit + " FOR UPDATE SKIP LOCKED", List.of(at, at), rs -> rs.getLong(1));
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(Timestamp.from(now.plus(LEASE)));
        params.addAll(ids);
        sql.update("UPDATE push_delivery SET lease_until = ?, attempts = attempts + 1 WHERE id IN (" + Sql.marks(ids.size()) + ")", params);
        sql.update("DELETE d FROM push_delivery d JOIN push_subscription s ON s.id = d.subscription_id JOIN activity a ON a.id = d.activity_id "
                + "WHERE a.person_id <> s.person_id AND d.id IN (" + Sql.marks(ids.size()) + ")", new ArrayList<>(ids));
        return sql.list("SELECT d.id, s.id, s.endpoint, s.p256dh, s.auth, d.attempts, a.id, a.person_id, a.kind, a.group_id, a.actor_id, "
                + "a.subject, a.starts_at, a.link FROM push_delivery d JOIN push_subscription s ON s.id = d.subscription_id "
                 + "JOIN activity a ON a.id = d.activity_id AND a.person_id = s.person_id WHERE d.id IN (" + Sql.marks(ids.size()) + ") ORDER BY d.id", new ArrayList<>(ids),
                rs -> new Taken(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getLong(7),
                        rs.getLong(8), rs.getString(9), rs.getObject(10, Long.class), rs.getObject(11, Long.class), rs.getString(12),
                        rs.getTimestamp(13), rs.getString(14)));
    }

    /** Sent: forgotten, and the browser's last push noted. */
    @Transactional
    void sent(Taken t, Instant now) {
        sql.update("DELETE FROM push_delivery WHERE id = ?", List.of(t.id()));
        sql.update("UPDATE push_subscription SET last_sent_at = ? WHERE id = ?", List.of(Timestamp.from(now), t.subscriptionId()));
    }

    /** The push service says the browser unsubscribed (404, 410): the subscription and its pushes go. */
    @Transactional
    void gone(Taken t) {
        sql.update("DELETE FROM push_subscription WHERE id = ?", List.of(t.subscriptionId()));
    }

    /** Failed for now: tried again later (1, 4, 9, 16 minutes), dropped after five attempts. */
    @Transactional
    void failed(Taken t, Instant now) {
        if (t.attempts() >= MAX_ATTEMPTS) {
            sql.update("DELETE FROM push_delivery WHERE id = ?", List.of(t.id()));
        } else {
            sql.update("UPDATE push_delivery SET lease_until = NULL, next_attempt_at = ? WHERE id = ?",
                    List.of(Timestamp.from(now.plus(Duration.ofMinutes((long) t.attempts() * t.attempts()))), t.id()));
        }
    }
}
