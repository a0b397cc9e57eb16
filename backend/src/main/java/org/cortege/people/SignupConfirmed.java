package org.cortege.people;

import io.micronaut.core.annotation.Nullable;

/**
 * A pending person proved their address and became a confirmed supporter: published in that transaction,
 * once per person (the confirming update is conditional).
 *
 * @param signupToken the sign-up link's token that proved it; null when a sign-in link or code did
 */
public record SignupConfirmed(Long personId, @Nullable Long signupToken) {
}
