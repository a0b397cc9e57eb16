package org.cortege.admin;

import jakarta.inject.Singleton;
import org.cortege.people.Organizers;

/** Tells people whether someone holds a territory (their own view says "organizer"). */
@Singleton
class OrganizerRoles implements Organizers {

    private final TerritoryRepository territories;

    OrganizerRoles(TerritoryRepository territories) {
        this.territories = territories;
    }

    @Override
    public boolean isOrganizer(Long personId) {
        return !territories.findDepartements(personId).isEmpty();
    }
}
