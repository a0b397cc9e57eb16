package org.cortege.people;

/**
 * A pending person proved their address and became a confirmed supporter (by the sign-up link, or by a
 * sign-in link or code): published in that transaction, once per person.
 */
public record SignupConfirmed(Long personId) {
}
