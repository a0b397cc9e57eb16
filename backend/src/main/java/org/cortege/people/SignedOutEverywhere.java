package org.cortege.people;

/**
 * Every session of a person was ended (signing out everywhere, a ban): published for the features that keep what
 * reaches their devices without a session (activity forgets the browsers they turned push on in).
 */
public record SignedOutEverywhere(Long personId) {
}
