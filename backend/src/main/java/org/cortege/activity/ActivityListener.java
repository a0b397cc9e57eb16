package org.cortege.activity;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.List;
import org.cortege.events.ActionNews;
import org.cortege.groups.GroupMessagePosted;
import org.cortege.groups.GroupService;
import org.cortege.groups.MemberJoined;
import org.cortege.groups.MembershipService;
import org.cortege.groups.SupportGroup;
import org.cortege.moderation.Moderated;

/**
 * Turns what the other features publish into feed entries, in their transaction: who hears of what. Members hear
 * of their group's new actions, messages and reports of how an action went; those who come to a date of its changes;
 * a group's managers of who joined, who comes, reports and moderation, and that a date ended (its report to write).
 */
@Singleton
class ActivityListener {

    private final ActivityService activity;
    private final GroupService groups;
    private final MembershipService memberships;

    ActivityListener(ActivityService activity, GroupService groups, MembershipService memberships) {
        this.activity = activity;
        this.groups = groups;
        this.memberships = memberships;
    }

    private List<Long> managers(Long groupId) {
        return groups.managersOf(groupId).stream().map(GroupService.Manager::personId).toList();
    }

    @EventListener
    void onMemberJoined(MemberJoined e) {
        SupportGroup g = groups.findById(e.groupId()).orElseThrow();
        activity.record(new ActivityService.News(ActivityKind.MEMBER_JOINED, g.id(), e.personId(), g.name(), null, "/groupes/" + g.slug()),
                managers(g.id()));
    }

    @EventListener
    void onMessage(GroupMessagePosted e) {
        activity.record(new ActivityService.News(ActivityKind.GROUP_MESSAGE, e.groupId(), e.authorId(), e.subject(), null,
                "/groupes/" + e.groupSlug() + "/messages"), e.recipients());
    }

    @EventListener
    void onActionNews(ActionNews e) {
        String link = "/actions/" + e.slug();
        switch (e.kind()) {
            case PUBLISHED -> activity.record(new ActivityService.News(ActivityKind.GROUP_ACTION, e.groupId(), e.actorId(), e.title(),
                    e.startsAt(), link), memberships.memberIds(e.groupId()));
            case CHANGED -> activity.record(new ActivityService.News(ActivityKind.ACTION_CHANGED, e.groupId(), null, e.title(),
                    e.startsAt(), link), e.concerned());
            case CANCELLED -> activity.record(new ActivityService.News(ActivityKind.ACTION_CANCELLED, e.groupId(), null, e.title(),
                    e.startsAt(), link), e.concerned());
            case ANSWERED -> activity.record(new ActivityService.News(ActivityKind.ACTION_ANSWERED, e.groupId(), e.actorId(), e.title(),
                    e.startsAt(), link), managers(e.groupId()));
            case ENDED -> activity.record(new ActivityService.News(ActivityKind.REPORT_DUE, e.groupId(), null, e.title(), e.startsAt(),
                    link), managers(e.groupId()));
            case REPORTED -> activity.record(new ActivityService.News(ActivityKind.ACTION_REPORT, e.groupId(), e.actorId(), e.title(),
                    e.startsAt(), link), memberships.memberIds(e.groupId()));
            default -> throw new IllegalStateException(e.kind().name());
        }
    }

    @EventListener
    void onModerated(Moderated e) {
        ActivityKind kind = e.what() == Moderated.What.HIDDEN ? ActivityKind.GROUP_HIDDEN : ActivityKind.GROUP_REPORTED;
        activity.record(new ActivityService.News(kind, e.groupId(), null, e.subject(), null, e.link()), managers(e.groupId()));
    }
}
