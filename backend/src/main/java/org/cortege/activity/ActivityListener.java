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
    private final NotificationPreferences preferences;
    private final org.cortege.people.PersonService people;
    private final double nearbyKm;

    ActivityListener(ActivityService activity, GroupService groups, MembershipService memberships, NotificationPreferences preferences,
                     org.cortege.people.PersonService people, @io.micronaut.context.annotation.Value("${cortege.activity.nearby-km:10}") double nearbyKm) {
        this.preferences = preferences;
        this.people = people;
        this.nearbyKm = nearbyKm;
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
            case PUBLISHED -> {
                List<Long> members = memberships.memberIds(e.groupId());
                activity.record(new ActivityService.News(ActivityKind.GROUP_ACTION, e.groupId(), e.actorId(), e.title(), e.startsAt(), link),
                        members);
                if (e.lat() != null && e.lng() != null) {
                    // no author named to strangers: the action's page does not name its organisers either
                    java.util.Set<Long> near = new java.util.LinkedHashSet<>(near(e.lat(), e.lng()));
                    near.removeAll(new java.util.HashSet<>(members));
                    near.remove(e.actorId());
                    activity.record(new ActivityService.News(ActivityKind.NEARBY_ACTION, e.groupId(), null, e.title(), e.startsAt(), link),
                            near);
                }
            }
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

    /**
     * Those who asked for actions near them and live within {@code cortege.activity.nearby-km} of this place (their
     * commune's or postal code's point). An opt-in kind: the fan-out is bounded by who asked, not by who lives there.
     */
    private List<Long> near(double lat, double lng) {
        List<Long> asked = preferences.optedIn(ActivityKind.NEARBY_ACTION, 50_000);
        List<Long> near = new java.util.ArrayList<>();
        for (List<Long> chunk : ActivityService.chunks(asked)) {
            for (org.cortege.people.Person p : people.confirmedAmong(chunk)) {
                if (p.lat() != null && p.lng() != null && org.cortege.geo.GeoService.distanceKm(lat, lng, p.lat(), p.lng()) <= nearbyKm) {
                    near.add(p.id());
                }
            }
        }
        return near;
    }

    @EventListener
    void onModerated(Moderated e) {
        ActivityKind kind = e.what() == Moderated.What.HIDDEN ? ActivityKind.GROUP_HIDDEN : ActivityKind.GROUP_REPORTED;
        activity.record(new ActivityService.News(kind, e.groupId(), null, e.subject(), null, e.link()), managers(e.groupId()));
    }
}
