package org.cortege.people;

/**
 * Someone just signed in (a session was opened for them): published for the features that keep a
 * record of it (the access log notes staff sign-ins) without people depending on them.
 */
public record SignedIn(Long personId) {
}
