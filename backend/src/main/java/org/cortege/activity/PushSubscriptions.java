package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * The browsers where a person turned push on. A subscription is what the browser's {@code PushManager} gives: the
 * push service's endpoint (taken only when it is one of {@link PushServices}) and the keys payloads are encrypted
 * for (a P-256 point, a 16-byte secret), checked before they are kept. At most ten browsers a person (the oldest
 * goes). The same browser signed in by someone else moves to them.
 */
@Singleton
public class PushSubscriptions {

    static final int MAX_PER_PERSON = 10;

    private final Sql sql;
    private final PushServices services;
    private final PushKeys keys;

    PushSubscriptions(Sql sql, PushServices services, PushKeys keys) {
        this.sql = sql;
        this.services = services;
        this.keys = keys;
    }

    /** What the browser needs to subscribe: the instance's public key. */
    @Serdeable
    public record ServerKey(String publicKey) {
    }

    public ServerKey serverKey() {
        return new ServerKey(keys.publicKey());
    }

    /**
     * Keeps the browser's subscription for the person.
     *
     * @throws ApiException 400 naming the field at fault: an endpoint that is no known push service, keys that are
     *                      not a P-256 public key and a 16-byte secret
     */
    @Transactional
    public void subscribe(Person person, @Nullable String endpoint, @Nullable String p256dh, @Nullable String auth) {
        if (endpoint == null || endpoint.length() > 1000 || !services.allows(endpoint)) {
            throw ApiException.invalidField("endpoint", "validation.pushEndpoint");
        }
        byte[] key = decode(p256dh, 65);
        byte[] secret = decode(auth, 16);
        if (key == null || key[0] != 4 || !onCurve(key)) {
            throw ApiException.invalidField("keys.p256dh", "validation.pushKey");
        }
        if (secret == null) {
            throw ApiException.invalidField("keys.auth", "validation.pushKey");
        }
        String hash = Tokens.hash(endpoint);
        Timestamp now = Timestamp.from(Instant.now());
        // a browser that changes hands takes none of its former owner's pushes still owed
        sql.update("DELETE d FROM push_delivery d JOIN push_subscription s ON s.id = d.subscription_id WHERE s.endpoint_hash = ? "
                + "AND s.person_id <> ?", List.of(hash, person.id()));
        String storedKey = Base64.getUrlEncoder().withoutPadding().encodeToString(key); // stored as sent: canonical base64url
        String storedSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        sql.update("INSERT INTO push_subscription (person_id, endpoint, endpoint_hash, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE person_id = VALUES(person_id), p256dh = VALUES(p256dh), auth = VALUES(auth), "
                + "created_at = VALUES(created_at)", List.of(person.id(), endpoint, hash, storedKey, storedSecret, now));
        List<Long> mine = sql.list("SELECT id FROM push_subscription WHERE person_id = ? ORDER BY created_at DESC, id DESC",
                List.of(person.id()), rs -> rs.getLong(1));
        for (Long old : mine.subList(Math.min(MAX_PER_PERSON, mine.size()), mine.size())) {
            sql.update("DELETE FROM push_subscription WHERE id = ?", List.of(old));
        }
    }

    /** Forgets every browser of the person (signed out everywhere, banned). */
    @io.micronaut.runtime.event.annotation.EventListener
    @Transactional
    void onSignedOutEverywhere(org.cortege.people.SignedOutEverywhere e) {
        sql.update("DELETE FROM push_subscription WHERE person_id = ?", List.of(e.personId()));
    }

    /** Forgets one of the person's browsers (push turned off there); nothing when it is not theirs. */
    @Transactional
    public void unsubscribe(Person person, @Nullable String endpoint) {
        if (endpoint != null && endpoint.length() <= 1000) {
            sql.update("DELETE FROM push_subscription WHERE endpoint_hash = ? AND person_id = ?", List.of(Tokens.hash(endpoint), person.id()));
        }
    }

    /** How many browsers the person turned push on in. */
    public long count(Long personId) {
        return sql.number("SELECT COUNT(*) FROM push_subscription WHERE person_id = ?", List.of(personId));
    }

    /** Whether this browser (its endpoint) is one of the person's. */
    @Transactional(readOnly = true)
    public boolean has(Person person, @Nullable String endpoint) {
        return endpoint != null && endpoint.length() <= 1000 && sql.number("SELECT COUNT(*) FROM push_subscription WHERE endpoint_hash = ? "
                + "AND person_id = ?", List.of(Tokens.hash(endpoint), person.id())) > 0;
    }

    private static final java.util.regex.Pattern BASE64URL = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,120}={0,2}");

    private static byte[] decode(@Nullable String value, int length) {
        if (value == null || !BASE64URL.matcher(value).matches()) {
            return null;
        }
        try {
            byte[] b = Base64.getUrlDecoder().decode(value.replace("=", ""));
            return b.length == length ? b : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** P-256's prime, coefficient a = -3, and b (SEC 2). */
    private static final java.math.BigInteger P = new java.math.BigInteger(
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final java.math.BigInteger B = new java.math.BigInteger(
            "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);

    /** Whether the uncompressed point (0x04 ‖ x ‖ y) lies on P-256: y² = x³ − 3x + b (mod p). */
    static boolean onCurve(byte[] uncompressed) {
        java.math.BigInteger x = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(uncompressed, 1, 33));
        java.math.BigInteger y = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(uncompressed, 33, 65));
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            return false;
        }
        java.math.BigInteger left = y.multiply(y).mod(P);
        java.math.BigInteger right = x.pow(3).subtract(x.multiply(java.math.BigInteger.valueOf(3))).add(B).mod(P);
        return left.equals(right);
    }
}
