package org.cortege.people;

/**
 * A new person signed up (their row was just created, pending until they prove their address) with a
 * source (a share link, campaign tags): published in the sign-up's transaction for the features that
 * keep it (referrals), without people depending on them. Not published for an address already known.
 */
public record SignedUp(Long personId, SignupSource source) {
}
