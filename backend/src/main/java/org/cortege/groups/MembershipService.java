package org.cortege.groups;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.cortege.shared.ApiException;

/**
 * Where a membership ends, for every reason (leaving, being removed by a manager, a signed "leave"
 * link, the person's erasure), with the one rule of succession and the group's member count kept
 * right. Other features end memberships through {@link #removeAll(Long)}, never with their own SQL.
 */
@Singleton
public class MembershipService {

    private final GroupRepository groups;

    MembershipService(GroupRepository groups) {
        this.groups = groups;
    }

    /**
     * Ends a membership of a group the caller has locked ({@code SELECT … FOR UPDATE}). The last one
     * leading a group (founder or manager) cannot leave it ({@code forced = false}: 409); when they are
     * erased ({@code forced}), it goes on without them. Then {@link #succession(Long)} and the count.
     */
    void remove(SupportGroup g, Membership m, boolean forced) {
        boolean leads = Membership.FOUNDER.equals(m.role()) || Membership.MANAGER.equals(m.role());
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
        next.ifPresent(personId -> groups.updateRole(groupId, personId, Membership.FOUNDER));
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
}
