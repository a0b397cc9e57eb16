package org.cortege.people;

/**
 * Whether a person is an organizer (covers départements in the contact database). Organizers'
 * territories belong to the admin feature, which provides this; people asks it for the person's own
 * view instead of reading admin's table (admin depends on people, not the other way round).
 */
public interface Organizers {

    boolean isOrganizer(Long personId);
}
