package org.cortege.events;

/**
 * Where one date of an action stands, as {@code event_occurrence.state} stores it: on, cancelled
 * (the date or the whole action), or hidden with its action or group by the moderation.
 */
public enum OccurrenceState {
    ON, CANCELLED, HIDDEN
}
