package org.cortege.events;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cortege.groups.GroupService;
import org.cortege.groups.SupportGroup;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;

/**
 * An action as a viewer sees it: its dates with their state and whether the viewer comes, its
 * accepted co-hosts (and, for its managers, the groups asked that have not said yes), and, when
 * moderation hid it, the reason for those who may still read it.
 */
@Singleton
public class EventViews {

    private final EventService events;
    private final EventRepository repository;
    private final OccurrenceRepository occurrences;
    private final GroupService groups;
    private final EventTypes types;

    private final DateReports reports;

    EventViews(EventService events, EventRepository repository, OccurrenceRepository occurrences, GroupService groups, EventTypes types,
               DateReports reports) {
        this.reports = reports;
        this.events = events;
        this.repository = repository;
        this.occurrences = occurrences;
        this.groups = groups;
        this.types = types;
    }

    /**
     * An action as the viewer (null: anonymous) sees it, with its dates.
     *
     * @throws ApiException 404 when unknown, 410 when hidden by moderation (admins still see it)
     */
    public EventView view(String idOrSlug, Person viewer, Locale locale, java.util.function.Function<List<Long>, Set<Long>> going) {
        Event e = events.find(idOrSlug);
        SupportGroup group = groups.findById(e.groupId()).orElseThrow();
        boolean admin = viewer != null && viewer.admin() && viewer.isConfirmed();
        boolean hiddenNow = e.isHidden() || group.isHidden();
        // hidden by the moderation: admins, and those who run the group, still read it (with the reason)
        if (hiddenNow && !admin && !groups.runs(viewer, group)) {
            throw EventService.hidden();
        }
        List<Occurrence> dates = occurrences.findByEventIdOrderByStartsAt(e.id());
        Set<Long> mine = viewer == null ? Set.of() : going.apply(dates.stream().map(Occurrence::id).toList());
        ZoneId zone = ZoneId.of(e.timeZone());
        Instant now = Instant.now();
        boolean canManage = viewer != null && groups.canManage(viewer, group) && !e.isHidden();
        java.util.Map<Long, DateReports.Report> reported = reports.of(dates.stream().map(Occurrence::id).toList());
        List<OccurrenceView> views = new ArrayList<>(dates.size());
        for (Occurrence o : dates) {
            DateReports.Report report = reported.get(o.id());
            views.add(new OccurrenceView(o.publicId(), o.startsAt().atZone(zone).toOffsetDateTime(), o.endsAt().atZone(zone).toOffsetDateTime(),
                    o.state(), o.moved(), o.endsAt().isBefore(now), o.rsvpCount(), o.attendedCount(),
                    e.capacity() != null && o.rsvpCount() >= e.capacity(), viewer == null ? null : mine.contains(o.id()),
                    report == null ? null : report.html(), report == null || !canManage ? null : report.markdown()));
        }
        List<EventView.GroupRef> cohosts = new ArrayList<>();
        List<EventView.Invited> invited = new ArrayList<>();
        for (EventRepository.Cohost c : repository.findCohosts(e.id())) {
            groups.findById(c.groupId()).filter(g -> !g.isHidden()).ifPresent(g -> {
                EventView.GroupRef ref = new EventView.GroupRef(g.publicId(), g.slug(), g.name());
                if (EventCohosts.ACCEPTED.equals(c.status())) {
                    cohosts.add(ref);
                } else if (canManage) {
                    invited.add(new EventView.Invited(ref, c.status()));
                }
            });
        }
        return new EventView(e.publicId(), e.slug(), e.title(), e.type(), types.label(e.type(), locale), e.descriptionMd(),
                e.descriptionHtml(), new EventView.GroupRef(group.publicId(), group.slug(), group.name()), cohosts, e.timeZone(),
                EventService.format(e.localStart(), e.allDay()), EventService.format(e.allDay() ? e.localEnd().minusDays(1) : e.localEnd(), e.allDay()),
                e.allDay(), e.rrule(), RecurrenceLabel.of(e.rrule(), locale), e.online(), e.onlineUrl(), e.address(), e.postalCode(), e.inseeCode(), e.commune(),
                e.departement(), e.lat(), e.lng(), e.capacity(), e.status(), e.createdAt(),
                canManage, views, invited, hiddenNow,
                !hiddenNow ? null : GroupService.shownReason(e.isHidden() ? e.hiddenReason() : group.hiddenReason(), admin),
                e.geoPrecision());
    }

}
