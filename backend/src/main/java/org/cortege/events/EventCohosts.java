package org.cortege.events;

import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortege.groups.GroupService;
import org.cortege.groups.SupportGroup;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;

/**
 * Co-organising: an action names other groups as co-hosts, and a group named shows the action only
 * once its managers accepted. A group already asked keeps its answer (a refusal stays a refusal);
 * the author accepts for the groups they manage too.
 */
@Singleton
class EventCohosts {

    static final String PENDING = "PENDING";
    static final String ACCEPTED = "ACCEPTED";
    static final String DECLINED = "DECLINED";

    private final EventRepository events;
    private final GroupService groups;
    private final EventNotifier notifier;
    private final EventsProperties properties;

    EventCohosts(EventRepository events, GroupService groups, EventNotifier notifier, EventsProperties properties) {
        this.events = events;
        this.groups = groups;
        this.notifier = notifier;
        this.properties = properties;
    }

    List<Long> named(List<String> refs, SupportGroup organiser) {
        if (refs == null) {
            return List.of();
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (String ref : refs) {
            SupportGroup g;
            try {
                g = groups.find(ref);
            } catch (ApiException e) {
                throw ApiException.invalidField("cohosts", "validation.cohostUnknown", ref);
            }
            if (g.isHidden()) {
                throw ApiException.invalidField("cohosts", "validation.cohostUnknown", ref);
            }
            if (!g.id().equals(organiser.id())) {
                ids.add(g.id());
            }
        }
        if (ids.size() > properties.maxCohosts) {
            throw ApiException.invalidField("cohosts", "validation.cohostsTooMany", properties.maxCohosts);
        }
        return List.copyOf(ids);
    }

    /**
     * Makes the action's co-hosts these groups. A group already asked keeps its answer (a refusal
     * stays a refusal: naming it again does not ask again); a new one is asked, unless the author
     * manages it too (they accept for it); a group no longer named is dropped, except a refusal,
     * kept so that the organiser cannot ask again by removing and re-adding it.
     */
    void apply(Event e, List<Long> wanted, Person actor, SupportGroup organiser) {
        Map<Long, String> existing = new HashMap<>();
        for (EventRepository.Cohost c : events.findCohosts(e.id())) {
            existing.put(c.groupId(), c.status());
        }
        Instant now = Instant.now();
        for (Map.Entry<Long, String> c : existing.entrySet()) {
            if (!wanted.contains(c.getKey()) && !DECLINED.equals(c.getValue())) {
                events.deleteCohost(e.id(), c.getKey());
            }
        }
        for (Long id : wanted) {
            if (existing.containsKey(id)) {
                continue;
            }
            SupportGroup cohost = groups.findById(id).orElseThrow();
            List<GroupService.Manager> managers = groups.managersOf(id);
            boolean own = managers.stream().anyMatch(m -> m.personId().equals(actor.id()));
            events.insertCohost(e.id(), id, own ? ACCEPTED : PENDING, now);
            if (!own) {
                notifier.cohostInvitation(e, organiser, cohost, managers);
            }
        }
    }

    /** What a group was asked to co-organise, for its managers: waiting answers first. */
    List<EventService.CohostInvitation> invitations(Person actor, String groupIdOrSlug) {
        SupportGroup g = groups.find(groupIdOrSlug);
        requireManager(actor, g);
        List<EventService.CohostInvitation> out = new ArrayList<>();
        for (EventRepository.Invitation i : events.findInvitations(g.id())) {
            Event e = events.findById(i.eventId()).orElseThrow();
            SupportGroup by = groups.findById(e.groupId()).orElseThrow();
            if (by.isHidden()) {
                continue;
            }
            out.add(new EventService.CohostInvitation(e.publicId(), e.slug(), e.title(), EventService.format(e.localStart(), e.allDay()), e.timeZone(),
                    new EventView.GroupRef(by.publicId(), by.slug(), by.name()), i.status()));
        }
        return out;
    }

    /** The invited group's managers answer; 404 when the group was not asked. */
    void answer(Person actor, String groupIdOrSlug, Event e, boolean accept) {
        SupportGroup g = groups.find(groupIdOrSlug);
        requireManager(actor, g);
        boolean invited = events.findCohosts(e.id()).stream().anyMatch(c -> c.groupId().equals(g.id()));
        if (!invited) {
            throw ApiException.of(HttpStatus.NOT_FOUND, "invitation-not-found", "problem.invitationNotFound");
        }
        events.answerCohost(e.id(), g.id(), accept ? ACCEPTED : DECLINED, Instant.now());
    }

    private void requireManager(Person actor, SupportGroup g) {
        if (!groups.canManage(actor, g)) {
            throw ApiException.of(HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
        }
    }

}
