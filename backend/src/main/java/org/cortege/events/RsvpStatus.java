package org.cortege.events;

/**
 * Where an answer stands, as {@code event_rsvp.status} stores it: a visitor's answer waiting for
 * the click in its mail, counted, or withdrawn.
 */
public enum RsvpStatus {
    PENDING, CONFIRMED, CANCELLED
}
