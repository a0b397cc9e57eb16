package org.cortege.events;

/**
 * Where an action stands, as {@code event.status} stores it: published (live at once, no prior
 * moderation), cancelled by its organizers, or hidden by the moderation.
 */
public enum EventStatus {
    PUBLISHED, CANCELLED, HIDDEN
}
