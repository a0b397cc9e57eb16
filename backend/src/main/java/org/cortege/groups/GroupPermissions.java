package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import org.cortege.people.Person;

/**
 * Who may do what with a group, as named predicates over the actor: anonymous visitor (no person),
 * supporter, member, manager, founder, admin. Tested as a matrix in GroupPermissionsTest.
 */
final class GroupPermissions {

    /** The person acting (null: anonymous) and their membership of the group (null: none). */
    record Actor(@Nullable Person person, @Nullable Membership membership) {

        boolean isSupporter() {
            return person != null && person.isConfirmed();
        }

        boolean isAdmin() {
            return isSupporter() && person.admin();
        }

        boolean isMember() {
            return isSupporter() && membership != null;
        }

        boolean isAtLeastManager() {
            return isMember() && membership.role().leads();
        }

        boolean isFounder() {
            return isMember() && membership.role() == MemberRole.FOUNDER;
        }
    }

    private GroupPermissions() {
    }

    /** A hidden group stays visible to admins and to those who run it (read-only, with the moderation's reason). */
    static boolean canView(Actor a, SupportGroup g) {
        return !g.isHidden() || a.isAdmin() || a.isAtLeastManager();
    }

    static boolean canJoin(Actor a, SupportGroup g) {
        return a.isSupporter() && !a.isMember() && !g.isHidden();
    }

    /** A member may leave, except the last one who runs the group: they name another first (or the group would run itself). */
    static boolean canLeave(Actor a, int managers) {
        return a.isMember() && !(a.isAtLeastManager() && managers <= 1);
    }

    static boolean canEdit(Actor a, SupportGroup g) {
        return (a.isAtLeastManager() && !g.isHidden()) || a.isAdmin();
    }

    /** A hidden group's members (and their shared contacts) are out of its managers' reach until it is restored. */
    static boolean canSeeMembers(Actor a, SupportGroup g) {
        return (a.isAtLeastManager() && !g.isHidden()) || a.isAdmin();
    }

    static boolean canManageMembers(Actor a, SupportGroup g) {
        return a.isAtLeastManager() && !g.isHidden();
    }

    static boolean canHandOver(Actor a, SupportGroup g) {
        return a.isFounder() && !g.isHidden();
    }

    static boolean canMessageMembers(Actor a, SupportGroup g) {
        return a.isAtLeastManager() && !g.isHidden();
    }

    /** A group's messages are read by its members (those sent since they joined; all of them for those who run it). */
    static boolean canReadMessages(Actor a, SupportGroup g) {
        return a.isMember() && !g.isHidden();
    }

    static boolean canModerate(Actor a) {
        return a.isAdmin();
    }

    /** The names of what the actor may do, for the page to show the right buttons. */
    static List<String> granted(Actor a, SupportGroup g, int managers) {
        List<String> granted = new ArrayList<>();
        if (canJoin(a, g)) {
            granted.add("join");
        }
        if (canLeave(a, managers)) {
            granted.add("leave");
        }
        if (canEdit(a, g)) {
            granted.add("edit");
        }
        if (canSeeMembers(a, g)) {
            granted.add("members");
        }
        if (canManageMembers(a, g)) {
            granted.add("manageMembers");
        }
        if (canHandOver(a, g)) {
            granted.add("handOver");
        }
        if (canMessageMembers(a, g)) {
            granted.add("message");
        }
        if (canReadMessages(a, g)) {
            granted.add("readMessages");
        }
        if (canModerate(a)) {
            granted.add("moderate");
        }
        return granted;
    }
}
