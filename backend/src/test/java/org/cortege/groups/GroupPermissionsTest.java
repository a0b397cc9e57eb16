package org.cortege.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cortege.people.Person;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every group action against every kind of actor, on a published and on a hidden group. */
class GroupPermissionsTest {

    private static Person person(long id, org.cortege.people.PersonStatus status, boolean admin) {
        Instant now = Instant.now();
        return new Person(id, "p" + id, "p" + id + "@t.test", "P", "Q", null, null, "FR", "13001", "13201", "Marseille", "13",
                43.3, 5.4, "commune", "fr", status, admin, admin, "signup", now, now, now, now, true, now);
    }

    private static Membership membership(MemberRole role) {
        return new Membership(1L, 2L, role, false, null, Instant.now());
    }

    private static GroupPermissions.Actor actor(String kind) {
        return switch (kind) {
            case "anonymous" -> new GroupPermissions.Actor(null, null);
            case "pending" -> new GroupPermissions.Actor(person(2, Person.PENDING, false), null);
            case "banned-member" -> new GroupPermissions.Actor(person(2, Person.BANNED, false), membership(MemberRole.MANAGER));
            case "supporter" -> new GroupPermissions.Actor(person(2, Person.CONFIRMED, false), null);
            case "member" -> new GroupPermissions.Actor(person(2, Person.CONFIRMED, false), membership(MemberRole.MEMBER));
            case "manager" -> new GroupPermissions.Actor(person(2, Person.CONFIRMED, false), membership(MemberRole.MANAGER));
            case "founder" -> new GroupPermissions.Actor(person(2, Person.CONFIRMED, false), membership(MemberRole.FOUNDER));
            case "admin" -> new GroupPermissions.Actor(person(2, Person.CONFIRMED, true), null);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static SupportGroup group(GroupStatus status) {
        Instant now = Instant.now();
        return new SupportGroup(1L, "g1", "g", "G", "g", "local", "", "", "FR", "13001", "13201", "Marseille", "13", null, 43.3, 5.4,
                "commune", null, status, null, null, 1, 9L, now, now);
    }

    // actor, view, join, leave, edit, members, manageMembers, handOver, message, moderate, readMessages
    @ParameterizedTest(name = "{0} on a published group")
    @CsvSource({
        "anonymous,     true, false, false, false, false, false, false, false, false, false",
        "pending,       true, false, false, false, false, false, false, false, false, false",
        "banned-member, true, false, false, false, false, false, false, false, false, false",
        "supporter,     true, true,  false, false, false, false, false, false, false, false",
        "member,        true, false, true,  false, false, false, false, false, false, true",
        "manager,       true, false, true,  true,  true,  true,  false, true,  false, true",
        "founder,       true, false, true,  true,  true,  true,  true,  true,  false, true",
        "admin,         true, true,  false, true,  true,  false, false, false, true, false",
    })
    void publishedGroup(String kind, boolean view, boolean join, boolean leave, boolean edit, boolean members,
                        boolean manageMembers, boolean handOver, boolean message, boolean moderate, boolean readMessages) {
        check(kind, group(GroupStatus.PUBLISHED), view, join, leave, edit, members, manageMembers, handOver, message, moderate, readMessages);
    }

    @ParameterizedTest(name = "{0} on a hidden group")
    @CsvSource({
        "anonymous,     false, false, false, false, false, false, false, false, false, false",
        "supporter,     false, false, false, false, false, false, false, false, false, false",
        "member,        false, false, true,  false, false, false, false, false, false, false",
        "manager,       true,  false, true,  false, false, false, false, false, false, false",
        "founder,       true,  false, true,  false, false, false, false, false, false, false",
        "admin,         true,  false, false, true,  true,  false, false, false, true, false",
    })
    void hiddenGroup(String kind, boolean view, boolean join, boolean leave, boolean edit, boolean members,
                     boolean manageMembers, boolean handOver, boolean message, boolean moderate, boolean readMessages) {
        check(kind, group(GroupStatus.HIDDEN), view, join, leave, edit, members, manageMembers, handOver, message, moderate, readMessages);
    }

    @org.junit.jupiter.api.Test
    void theLastOneWhoRunsTheGroupIsNotOfferedToLeaveIt() {
        assertEquals(false, GroupPermissions.canLeave(actor("founder"), 1));
        assertEquals(false, GroupPermissions.canLeave(actor("manager"), 1));
        assertEquals(true, GroupPermissions.canLeave(actor("founder"), 2), "another manager takes over");
        assertEquals(true, GroupPermissions.canLeave(actor("member"), 1));
        assertEquals(false, GroupPermissions.granted(actor("founder"), group(GroupStatus.PUBLISHED), 1).contains("leave"));
    }

    private static void check(String kind, SupportGroup g, boolean... expected) {
        GroupPermissions.Actor a = actor(kind);
        Map<String, Boolean> actual = new java.util.LinkedHashMap<>();
        actual.put("view", GroupPermissions.canView(a, g));
        actual.put("join", GroupPermissions.canJoin(a, g));
        actual.put("leave", GroupPermissions.canLeave(a, 2)); // a group run by two people
        actual.put("edit", GroupPermissions.canEdit(a, g));
        actual.put("members", GroupPermissions.canSeeMembers(a, g));
        actual.put("manageMembers", GroupPermissions.canManageMembers(a, g));
        actual.put("handOver", GroupPermissions.canHandOver(a, g));
        actual.put("message", GroupPermissions.canMessageMembers(a, g));
        actual.put("moderate", GroupPermissions.canModerate(a));
        actual.put("readMessages", GroupPermissions.canReadMessages(a, g));
        List<String> names = List.copyOf(actual.keySet());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(expected[i], actual.get(names.get(i)), kind + " / " + names.get(i));
        }
    }
}
