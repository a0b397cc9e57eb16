package org.cortege.groups;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.people.VisitSource;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSecret;
import org.cortege.shared.Retry;

/**
 * Who belongs to which group: joining, sharing one's contact with the managers, roles, the member
 * list, and where a membership ends for every reason (leaving, being removed by a manager, a signed
 * "leave" link, the person's erasure), with the one rule of succession and the group's member count
 * kept right. Other features end memberships through {@link #removeAll(Long)}, never with their SQL.
 */
@Singleton
public class MembershipService {

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    private final GroupRepository groups;
    private final PersonService people;
    private final InstanceSecret secret;
    private final io.micronaut.context.event.ApplicationEventPublisher<MemberJoined> joined;

    MembershipService(GroupRepository groups, PersonService people, InstanceSecret secret, org.cortege.shared.Sql personalSql,
                      io.micronaut.context.event.ApplicationEventPublisher<MemberJoined> joined) {
        this.personalSql = personalSql;
        this.joined = joined;
        this.groups = groups;
        this.people = people;
        this.secret = secret;
    }

    /**
     * Joins a group; {@code shareContact} lets its managers see the member's email and phone.
     *
     * @throws ApiException 409 when already a member, 403 when not allowed
     */
    @Transactional
    public Membership join(Person person, String idOrSlug, boolean shareContact, @io.micronaut.core.annotation.Nullable VisitSource source) {
        SupportGroup g = find(idOrSlug);
        GroupPermissions.Actor a = actor(person, g);
        if (a.isMember()) {
            throw ApiException.of(HttpStatus.CONFLICT, "already-member", "problem.alreadyMember");
        }
        if (!GroupPermissions.canJoin(a, g)) {
            throw forbidden();
        }
        Instant now = Instant.now();
        try {
            groups.insertMembership(g.id(), person.id(), MemberRole.MEMBER, shareContact, shareContact ? now : null, now);
            groups.touch(g.id(), now);
        } catch (RuntimeException e) {
            if (Retry.isDuplicateKey(e)) {
                throw ApiException.of(HttpStatus.CONFLICT, "already-member", "problem.alreadyMember");
            }
            throw e;
        }
        groups.refreshMemberCount(g.id());
        joined.publishEvent(new MemberJoined(g.id(), person.id(), source));
        return groups.findMembership(g.id(), person.id()).orElseThrow();
    }

    /** The confirmed members of a group, by person id (to tell them of the group's news). */
    public List<Long> memberIds(Long groupId) {
        return groups.findConfirmedMemberIds(groupId);
    }

    /** Whether the person is a member of the group (any role). */
    public boolean isMember(Long personId, Long groupId) {
        return groups.findMembership(groupId, personId).isPresent();
    }

    /** Changes whether managers see this member's contact details. */
    @Transactional
    public Membership setShareContact(Person person, String idOrSlug, boolean shareContact) {
        SupportGroup g = find(idOrSlug);
        groups.findMembership(g.id(), person.id()).orElseThrow(MembershipService::notMember);
        groups.updateShareContact(g.id(), person.id(), shareContact, shareContact ? Instant.now() : null);
        return groups.findMembership(g.id(), person.id()).orElseThrow();
    }

    /**
     * Leaves a group. The group locks first, so two managers leaving at once cannot leave it with none.
     *
     * @throws ApiException 409 for its last manager, 404 when not a member
     */
    @Transactional
    public void leave(Person person, String idOrSlug) {
        SupportGroup g = groups.findByIdForUpdate(find(idOrSlug).id()).orElseThrow();
        Membership m = groups.findMembership(g.id(), person.id()).orElseThrow(MembershipService::notMember);
        removeMember(g, m);
    }

    /** Members with their contact details when they agreed; for managers and admins. */
    public List<MemberView> members(Person actor, String idOrSlug, int page, int size) {
        SupportGroup g = find(idOrSlug);
        if (!GroupPermissions.canSeeMembers(actor(actor, g), g)) {
            throw forbidden();
        }
        return groups.findMembers(g.id(), size, (page - 1) * size).stream().map(MemberView::of).toList();
    }

    /**
     * Sets a member's role: managers promote and demote; the founder alone hands the group over
     * (the new founder's predecessor stays a manager). A group always keeps a manager.
     */
    @Transactional
    public void setRole(Person actor, String idOrSlug, String memberPublicId, MemberRole role) {
        SupportGroup g = groups.findByIdForUpdate(find(idOrSlug).id()).orElseThrow();
        GroupPermissions.Actor a = actor(actor, g);
        if (!GroupPermissions.canManageMembers(a, g)) {
            throw forbidden();
        }
        Membership target = memberByPublicId(g, memberPublicId);
        if (role == MemberRole.FOUNDER) {
            if (!GroupPermissions.canHandOver(a, g)) {
                throw forbidden();
            }
            if (!target.personId().equals(actor.id())) {
                groups.updateRole(g.id(), actor.id(), MemberRole.MANAGER);
                groups.updateRole(g.id(), target.personId(), MemberRole.FOUNDER);
            }
            return;
        }
        if (target.role() == MemberRole.FOUNDER) {
            throw ApiException.of(HttpStatus.CONFLICT, "founder-role", "problem.founderRole");
        }
        groups.updateRole(g.id(), target.personId(), role);
        if (groups.countManagers(g.id()) == 0) {
            throw ApiException.of(HttpStatus.CONFLICT, "last-manager", "problem.lastManager");
        }
    }

    /** Managers remove a member (never the founder). */
    @Transactional
    public void removeMember(Person actor, String idOrSlug, String memberPublicId) {
        SupportGroup g = groups.findByIdForUpdate(find(idOrSlug).id()).orElseThrow();
        if (!GroupPermissions.canManageMembers(actor(actor, g), g)) {
            throw forbidden();
        }
        Membership target = memberByPublicId(g, memberPublicId);
        if (target.role() == MemberRole.FOUNDER) {
            throw ApiException.of(HttpStatus.CONFLICT, "founder-role", "problem.founderRole");
        }
        removeMember(g, target);
    }

    /**
     * Leaves a group from the signed link of a group mail (RFC 8058 one-click, no session).
     *
     * @throws ApiException 403 on a wrong signature, 409 for the last manager
     */
    @Transactional
    public void leaveBySignedLink(String groupPublicId, String personPublicId, String signature) {
        if (personPublicId == null || !secret.verify("leave|" + groupPublicId + "|" + personPublicId, signature)) {
            throw forbidden();
        }
        SupportGroup g = groups.findByIdForUpdate(find(groupPublicId).id()).orElseThrow();
        Person person = people.findByPublicId(personPublicId).orElseThrow(MembershipService::notMember);
        groups.findMembership(g.id(), person.id()).ifPresent(m -> removeMember(g, m));
    }

    /** Who the person is in this group, for {@link GroupPermissions}' rules (a visitor: no membership). */
    GroupPermissions.Actor actor(Person person, SupportGroup g) {
        return new GroupPermissions.Actor(person, person == null ? null : groups.findMembership(g.id(), person.id()).orElse(null));
    }

    private Membership memberByPublicId(SupportGroup g, String publicId) {
        if (publicId == null || publicId.length() > 24) {
            throw notMember();
        }
        return groups.findMembershipByPersonPublicId(g.id(), publicId).orElseThrow(MembershipService::notMember);
    }

    private SupportGroup find(String idOrSlug) {
        return groups.findByIdOrSlug(idOrSlug).orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "group-not-found",
                "problem.groupNotFound"));
    }

    private void removeMember(SupportGroup g, Membership m) {
        remove(g, m, false);
    }

    private static ApiException notMember() {
        return ApiException.of(HttpStatus.NOT_FOUND, "not-member", "problem.notMember");
    }

    private static ApiException forbidden() {
        return ApiException.of(HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
    }

    /**
     * Ends a membership of a group the caller has locked ({@code SELECT … FOR UPDATE}). The last one
     * leading a group (founder or manager) cannot leave it ({@code forced = false}: 409); when they are
     * erased ({@code forced}), it goes on without them. Then {@link #succession(Long)} and the count.
     */
    void remove(SupportGroup g, Membership m, boolean forced) {
        boolean leads = m.role().leads();
        if (leads && !forced && groups.countManagers(g.id()) <= 1) {
            throw ApiException.of(HttpStatus.CONFLICT, "last-manager", "problem.lastManager");
        }
        groups.deleteMembership(g.id(), m.personId());
        succession(g.id());
        groups.refreshMemberCount(g.id());
    }

    /**
     * The rule of succession, the same whoever goes and why: a group without a founder gets one, its
     * longest-serving manager, or when it has none left (its last leader was erased) its
     * longest-standing member, so no group is left that nobody can run.
     */
    private void succession(Long groupId) {
        if (groups.countFounders(groupId) > 0) {
            return;
        }
        Optional<Long> next = groups.findSeniorManager(groupId).or(() -> groups.findSeniorMember(groupId));
        next.ifPresent(personId -> groups.updateRole(groupId, personId, MemberRole.FOUNDER));
    }

    /**
     * Ends every membership of a person being erased (on request or after the retention period), group
     * by group in a stable order, each group locked as when one leaves. Returns how many.
     */
    @Transactional
    public int removeAll(Long personId) {
        List<Long> groupIds = groups.findGroupIdsOf(personId);
        int removed = 0;
        for (Long groupId : groupIds) {
            SupportGroup g = groups.findByIdForUpdate(groupId).orElseThrow();
            Optional<Membership> m = groups.findMembership(groupId, personId);
            if (m.isPresent()) {
                remove(g, m.get(), true);
                removed++;
            }
        }
        return removed;
    }

    /** One of a person's memberships, as their export and their record show it. */
    public record MembershipOf(String groupName, String groupSlug, String role, boolean shareContact,
                               @io.micronaut.core.annotation.Nullable java.time.Instant sharedAt, java.time.Instant joinedAt) {
    }

    /** A person's memberships, the latest joined first, at most {@code limit}. */
    public List<MembershipOf> membershipsOf(Long personId, int limit) {
        return personalSql.list("SELECT g.name, g.slug, m.role, m.share_contact, m.share_contact_at, m.joined_at "
                + "FROM group_membership m JOIN support_group g ON g.id = m.group_id WHERE m.person_id = ? "
                + "ORDER BY m.joined_at DESC LIMIT ?", List.of(personId, limit), rs -> new MembershipOf(rs.getString(1), rs.getString(2),
                rs.getString(3).toLowerCase(java.util.Locale.ROOT), rs.getBoolean(4), personalInstant(rs, 5), personalInstant(rs, 6)));
    }

    private static java.time.Instant personalInstant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
