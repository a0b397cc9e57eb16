package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /api/me/push/subscriptions}: the browser's {@code PushSubscription.toJSON()} as it gives it (its
 * {@code expirationTime} ignored); {@code POST /api/me/push/unsubscribe}: its endpoint only.
 */
@Serdeable
public record SubscriptionCommand(@Nullable String endpoint, @Nullable Keys keys) {

    /** The subscription's keys, base64url: the browser's P-256 public key and its 16-byte secret. */
    @Serdeable
    public record Keys(@Nullable String p256dh, @Nullable String auth) {
    }
}
