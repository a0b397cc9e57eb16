package org.cortege.people;

/**
 * Where a person stands, as {@code person.status} stores it: a sign-up waiting for its address to
 * be proven, a confirmed supporter, a contact imported from a file (no account until they sign up
 * and consent themselves), or banned.
 */
public enum PersonStatus {
    PENDING, CONFIRMED, CONTACT, BANNED
}
