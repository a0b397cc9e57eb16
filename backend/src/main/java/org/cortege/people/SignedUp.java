package org.cortege.people;

/**
 * A new person signed up (their row was just created, pending until they prove their address) with a
 * source (a share link, campaign tags): published in the sign-up's transaction for the features that
 * keep it (referrals), without people depending on them. Not published for an address already known.
 *
 * @param signupToken the confirmation link this sign-up mailed: only a confirmation by that very link
 *                    credits the source (see {@link SignupConfirmed}), so whoever typed someone else's
 *                    address learns nothing when that person later signs up on their own
 */
public record SignedUp(Long personId, Long signupToken, VisitSource source) {
}
