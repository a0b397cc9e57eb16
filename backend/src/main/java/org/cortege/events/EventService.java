package org.cortege.events;

import io.micronaut.http.HttpStatus;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cortege.counters.CountersService;
import org.cortege.geo.GeoService;
import org.cortege.groups.GroupService;
import org.cortege.groups.GroupStatusChanged;
import org.cortege.groups.SupportGroup;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.RichText;
import org.cortege.shared.Tokens;

/**
 * The events feature's public API: publishing, editing and cancelling actions and their dates.
 * Actions are public the moment they are published; moderation comes after the fact. Every change
 * people must know about raises the iCalendar SEQUENCE and mails those who said they come.
 * A date's own changes (rescheduling, moving or cancelling one) are {@link EventDates}'; the
 * co-hosts' rules {@link EventCohosts}'.
 */
@Singleton
public class EventService {

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    private final EventRepository events;
    private final OccurrenceRepository occurrences;
    private final GroupService groups;
    private final GeoService geo;
    private final RichText richText;
    private final EventTypes types;
    private final CountersService counters;
    private final InstanceSettings settings;
    private final EventsProperties properties;
    private final EventNotifier notifier;
    private final EventCohosts cohosts;
    private final EventDates dates;
    private final EventInputs inputs;

    EventService(EventRepository events, OccurrenceRepository occurrences, GroupService groups, GeoService geo, RichText richText,
                 EventTypes types, CountersService counters, InstanceSettings settings, EventsProperties properties,
                 EventNotifier notifier, EventCohosts cohosts, EventDates dates, EventInputs inputs,
                 org.cortege.shared.Sql personalSql) {
        this.personalSql = personalSql;
        this.events = events;
        this.occurrences = occurrences;
        this.groups = groups;
        this.geo = geo;
        this.richText = richText;
        this.types = types;
        this.counters = counters;
        this.settings = settings;
        this.properties = properties;
        this.notifier = notifier;
        this.cohosts = cohosts;
        this.dates = dates;
        this.inputs = inputs;
    }

    /**
     * Publishes an action of a group, at once, with all its dates.
     *
     * @throws ApiException 403 unless a manager of the group (or an admin), 400 naming a field at fault
     */
    @Transactional
    public Event create(Person actor, String groupIdOrSlug, EventCommand c) {
        SupportGroup group = groups.find(groupIdOrSlug);
        if (!groups.canManage(actor, group)) {
            throw forbidden();
        }
        EventInputs.require(c.title(), "title");
        EventInputs.require(c.type(), "type");
        EventInputs.require(c.start(), "start");
        String type = inputs.type(c.type());
        ZoneId zone = settings.timeZone();
        Instant now = Instant.now();
        Schedule schedule = Schedule.parse(c.start(), c.end(), Boolean.TRUE.equals(c.allDay()), c.recurrence(), zone,
                properties.limits, now);
        if (schedule.localStart().atZone(zone).toInstant().isBefore(now.minusSeconds(86_400))) {
            throw ApiException.invalidField("start", "validation.eventInPast");
        }
        EventInputs.Where where = inputs.where(Boolean.TRUE.equals(c.online()), c.onlineUrl(), c.postalCode(), c.inseeCode(), c.lat(), c.lng(),
                c.address());
        List<Long> named = cohosts.named(c.cohosts(), group);
        String title = c.title().strip();
        String description = c.description() == null ? "" : c.description().strip();
        Event e = events.save(new Event(null, Tokens.newPublicId(), inputs.freeSlug(title, schedule.localStart().toLocalDate()),
                group.id(), title, type, description, richText.toHtml(description), zone.getId(), schedule.localStart(),
                schedule.localEnd(), schedule.allDay(), schedule.rrule(), where.online(), where.onlineUrl(), where.address(),
                where.postalCode(), where.inseeCode(), where.commune(), where.departement(), where.lat(), where.lng(), where.precision(),
                EventInputs.capacity(c.capacity()), Event.PUBLISHED, null, null, 0, actor.id(), now, now));
        cohosts.apply(e, named, actor, group);
        OccurrenceState state = group.isHidden() ? Occurrence.HIDDEN : Occurrence.ON;
        for (Schedule.Slot slot : schedule.slots(properties.limits)) {
            occurrences.save(new Occurrence(null, Tokens.newPublicId(), e.id(), slot.recurrenceId(), slot.start(), slot.end(), false,
                    false, state, 0, group.id(), type, where.departement(), where.lat(), where.lng(), 0, 0, null));
        }
        notifier.published(e, group.isHidden(), schedule.localStart().atZone(zone).toInstant(), actor.id());
        groups.recordActivity(group.id());
        counters.invalidate();
        return e;
    }

    /**
     * Applies the managers' changes (null keeps a value). Dates keep their answers when their day is
     * kept; a date that disappears is cancelled when people said they come, deleted otherwise. Those
     * who come are told by mail when the time, place or title changes.
     */
    @Transactional
    public Event update(Person actor, String idOrSlug, EventCommand c) {
        Event e = events.findByIdForUpdate(find(idOrSlug).id()).orElseThrow();
        SupportGroup group = groups.findById(e.groupId()).orElseThrow();
        if (!groups.canManage(actor, group) || e.isHidden()) {
            throw e.isHidden() ? hidden() : forbidden();
        }
        if (e.isCancelled()) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-cancelled", "problem.eventCancelled");
        }
        ZoneId zone = ZoneId.of(e.timeZone());
        Instant now = Instant.now();
        boolean allDay = c.allDay() == null ? e.allDay() : c.allDay();
        boolean timesChanged = c.start() != null || c.end() != null || c.allDay() != null || c.recurrence() != null;
        Schedule schedule;
        if (timesChanged) {
            String start = c.start() != null ? c.start() : format(e.localStart(), allDay);
            String end = c.end() != null ? c.end() : c.start() != null ? null : format(allDay ? e.localEnd().minusDays(1) : e.localEnd(), allDay);
            String rule = c.recurrence() != null ? c.recurrence() : e.rrule();
            schedule = Schedule.parse(start, end, allDay, rule, zone, properties.limits, now);
        } else {
            schedule = new Schedule(e.localStart(), e.localEnd(), e.allDay(), e.rrule(), zone);
        }
        boolean online = c.online() == null ? e.online() : c.online();
        boolean placeChanged = c.online() != null || c.postalCode() != null || c.inseeCode() != null || c.lat() != null
                || c.lng() != null || c.address() != null || c.onlineUrl() != null;
        EventInputs.Where where = placeChanged
                ? inputs.where(online, c.onlineUrl() != null ? c.onlineUrl() : e.onlineUrl(),
                        c.postalCode() != null ? c.postalCode() : e.postalCode(),
                        c.inseeCode() != null || c.postalCode() != null ? c.inseeCode() : e.inseeCode(),
                        c.lat() != null || c.lng() != null ? c.lat() : c.postalCode() != null ? null : EventInputs.keepPin(e, true),
                        c.lat() != null || c.lng() != null ? c.lng() : c.postalCode() != null ? null : EventInputs.keepPin(e, false),
                        c.address() != null ? c.address() : e.address())
                : new EventInputs.Where(e.online(), e.onlineUrl(), e.address(), e.postalCode(), e.inseeCode(), e.commune(), e.departement(),
                        e.lat(), e.lng(), e.geoPrecision());
        String title = c.title() == null ? e.title() : c.title().strip();
        String type = c.type() == null ? e.type() : inputs.type(c.type());
        String description = c.description() == null ? e.descriptionMd() : c.description().strip();
        Integer capacity = c.capacity() == null ? e.capacity() : EventInputs.capacity(c.capacity());
        if (c.cohosts() != null) {
            cohosts.apply(e, cohosts.named(c.cohosts(), group), actor, group);
        }
        boolean scheduleChanged = !schedule.localStart().equals(e.localStart()) || !schedule.localEnd().equals(e.localEnd())
                || schedule.allDay() != e.allDay() || !java.util.Objects.equals(schedule.rrule(), e.rrule());
        boolean whereChanged = !java.util.Objects.equals(where.address(), e.address()) || where.online() != e.online()
                || !java.util.Objects.equals(where.inseeCode(), e.inseeCode()) || !java.util.Objects.equals(where.lat(), e.lat())
                || !java.util.Objects.equals(where.lng(), e.lng()) || !java.util.Objects.equals(where.onlineUrl(), e.onlineUrl());
        boolean notify = scheduleChanged || whereChanged || !title.equals(e.title());
        Event updated = new Event(e.id(), e.publicId(), e.slug(), e.groupId(), title, type, description,
                description.equals(e.descriptionMd()) ? e.descriptionHtml() : richText.toHtml(description), e.timeZone(),
                schedule.localStart(), schedule.localEnd(), schedule.allDay(), schedule.rrule(), where.online(), where.onlineUrl(),
                where.address(), where.postalCode(), where.inseeCode(), where.commune(), where.departement(), where.lat(), where.lng(),
                where.precision(), capacity, e.status(), e.hiddenReason(), e.cancelledAt(), e.sequence() + 1, e.createdBy(), e.createdAt(),
                now);
        events.update(updated);
        occurrences.copyEventFields(e.id(), type, where.departement(), where.lat(), where.lng());
        if (scheduleChanged) {
            dates.reschedule(updated, schedule, now);
        }
        occurrences.bumpSequenceOfComing(e.id(), now);
        if (notify) {
            for (Occurrence o : occurrences.findByEventIdOrderByStartsAt(e.id())) {
                if (o.endsAt().isAfter(now) && !o.cancelled()) {
                    notifier.changed(updated, o);
                }
            }
        }
        counters.invalidate();
        return updated;
    }

    /** Cancels an action: every coming date is cancelled and those who come are told. */
    @Transactional
    public void cancel(Person actor, String idOrSlug) {
        Event e = events.findByIdForUpdate(find(idOrSlug).id()).orElseThrow();
        requireManager(actor, e);
        if (e.isCancelled()) {
            return;
        }
        Instant now = Instant.now();
        events.update(withStatus(e, Event.CANCELLED, e.hiddenReason(), now, e.sequence() + 1));
        occurrences.bumpSequenceOfComing(e.id(), now);
        occurrences.refreshStates(e.id());
        for (Occurrence o : occurrences.findByEventIdOrderByStartsAt(e.id())) {
            if (o.endsAt().isAfter(now) && !o.cancelled()) {
                notifier.cancelled(e, o);
            }
        }
        counters.invalidate();
    }

    /** Cancels one date of an action (the others stay). */
    @Transactional
    public void cancelOccurrence(Person actor, String occurrenceId) {
        Occurrence o = occurrences.findByIdForUpdate(findOccurrence(occurrenceId).id()).orElseThrow();
        Event e = events.findById(o.eventId()).orElseThrow();
        requireManager(actor, e);
        dates.cancel(e, o);
    }

    /** Moves one date (new start and end, same wall-clock rules as the action); those who come are told. */
    @Transactional
    public Occurrence moveOccurrence(Person actor, String occurrenceId, String start, String end) {
        Occurrence o = occurrences.findByIdForUpdate(findOccurrence(occurrenceId).id()).orElseThrow();
        Event e = events.findById(o.eventId()).orElseThrow();
        requireManager(actor, e);
        return dates.move(e, o, start, end);
    }

    /** What a group was asked to co-organise, for its managers: waiting answers first. */
    @Transactional(readOnly = true)
    public List<CohostInvitation> invitations(Person actor, String groupIdOrSlug, Locale locale) {
        return cohosts.invitations(actor, groupIdOrSlug);
    }

    /**
     * The invited group's managers accept or decline (an accepted invitation can be withdrawn the
     * same way): only then does the action show in the group's calendar, page and listings.
     *
     * @throws ApiException 403 for anyone but the invited group's managers, 404 without an invitation
     */
    @Transactional
    public void answerInvitation(Person actor, String groupIdOrSlug, String eventIdOrSlug, boolean accept) {
        cohosts.answer(actor, groupIdOrSlug, find(eventIdOrSlug), accept);
    }

    /** An invitation as the invited group's managers see it. */
    @io.micronaut.serde.annotation.Serdeable
    public record CohostInvitation(String eventId, String slug, String title, String start, String timeZone, EventView.GroupRef by,
                                   String status) {
    }

    /** Hides an action (moderation): gone from lists, the map, calendars and the counters. */
    @Transactional
    public Event hide(String idOrSlug, String reason) {
        Event e = find(idOrSlug);
        events.update(withStatus(e, Event.HIDDEN, reason, e.cancelledAt(), e.sequence()));
        occurrences.refreshStates(e.id());
        counters.invalidate();
        return e;
    }

    /** Publishes a hidden action again; one cancelled before it was hidden stays cancelled. */
    @Transactional
    public Event restore(String idOrSlug) {
        Event e = find(idOrSlug);
        if (e.isHidden()) {
            events.update(withStatus(e, e.cancelledAt() != null ? Event.CANCELLED : Event.PUBLISHED, null, e.cancelledAt(), e.sequence()));
            occurrences.refreshStates(e.id());
            counters.invalidate();
        }
        return e;
    }

    /** Hides every visible action a person published (a ban); returns their public ids. */
    @Transactional
    public List<String> hideAllCreatedBy(Long personId, String reason) {
        List<String> ids = events.findVisibleCreatedBy(personId);
        for (String id : ids) {
            hide(id, reason);
        }
        return ids;
    }

    /** The actions of a group follow it when moderation hides or restores it. */
    @EventListener
    void onGroupStatusChanged(GroupStatusChanged change) {
        for (Long groupId : change.groupIds()) {
            occurrences.refreshStatesOfGroup(groupId);
        }
    }

    /** A public action's address on the site and when it last changed. */
    public record Listed(String slug, Instant updatedAt) {
    }

    /**
     * Published actions of visible groups with a date to come or of the last month, most recently
     * changed first, at most {@code limit} (the sitemap).
     */
    @Transactional(readOnly = true)
    public List<Listed> listed(int limit) {
        Set<Long> visible = new java.util.HashSet<>();
        groups.listed(Integer.MAX_VALUE).forEach(g -> visible.add(g.id()));
        return events.findListed(Instant.now().minus(java.time.Duration.ofDays(30)), limit).stream()
                .filter(l -> visible.contains(l.groupId())).map(l -> new Listed(l.slug(), l.updatedAt())).toList();
    }

    /** An action by public id or slug, hidden or not. */
    public Event find(String idOrSlug) {
        if (idOrSlug == null || idOrSlug.length() > 160) {
            throw notFound();
        }
        return events.findByPublicId(idOrSlug).or(() -> events.findBySlug(idOrSlug)).orElseThrow(EventService::notFound);
    }

    Event byId(Long id) {
        return events.findById(id).orElseThrow(EventService::notFound);
    }

    /** A date by its public id. */
    public Occurrence findOccurrence(String publicId) {
        if (publicId == null || publicId.length() > 24) {
            throw occurrenceNotFound();
        }
        return occurrences.findByPublicId(publicId).orElseThrow(EventService::occurrenceNotFound);
    }

    boolean canManage(Person actor, Event e) {
        return actor != null && groups.canManage(actor, groups.findById(e.groupId()).orElseThrow()) && !e.isHidden();
    }

    void requireManager(Person actor, Event e) {
        if (e.isHidden()) {
            throw hidden();
        }
        if (!canManage(actor, e)) {
            throw forbidden();
        }
    }

    static String format(LocalDateTime local, boolean allDay) {
        return allDay ? local.toLocalDate().toString() : local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
    }

    private static Event withStatus(Event e, EventStatus status, String reason, Instant cancelledAt, int sequence) {
        return new Event(e.id(), e.publicId(), e.slug(), e.groupId(), e.title(), e.type(), e.descriptionMd(), e.descriptionHtml(),
                e.timeZone(), e.localStart(), e.localEnd(), e.allDay(), e.rrule(), e.online(), e.onlineUrl(), e.address(),
                e.postalCode(), e.inseeCode(), e.commune(), e.departement(), e.lat(), e.lng(), e.geoPrecision(), e.capacity(),
                status, reason, cancelledAt, sequence, e.createdBy(), e.createdAt(), Instant.now());
    }

    static ApiException forbidden() {
        return ApiException.of(HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
    }

    static ApiException hidden() {
        return ApiException.of(HttpStatus.GONE, "event-hidden", "problem.eventHidden");
    }

    static ApiException notFound() {
        return ApiException.of(HttpStatus.NOT_FOUND, "event-not-found", "problem.eventNotFound");
    }

    static ApiException occurrenceNotFound() {
        return ApiException.of(HttpStatus.NOT_FOUND, "event-not-found", "problem.occurrenceNotFound");
    }

    /**
     * After a new geography table, the actions placed on a commune's point move to its new point
     * (a pin placed by hand stays). In the background: on a big instance this is a few thousand updates.
     */
    @io.micronaut.runtime.event.annotation.EventListener
    @io.micronaut.scheduling.annotation.Async
    void onGeoChanged(org.cortege.geo.GeoDatasetChanged changed) {
        int moved = movePlacesToTable();
        if (moved > 0) {
            org.slf4j.LoggerFactory.getLogger(getClass()).info("Geography table changed: {} actions moved to their commune's new point", moved);
        }
    }

    /** Moves the actions on a commune's point to the point the geography table has now; returns how many. */
    public int movePlacesToTable() {
        return geo.moveToTable(events.findCommunePlaces(), events::movePlace);
    }

    /** An action someone published: its title, address and when. */
    public record Published(String title, String slug, Instant createdAt) {
    }

    /** The actions a person published, the latest first, at most {@code limit}. */
    public List<Published> publishedBy(Long personId, int limit) {
        return personalSql.list("SELECT title, slug, created_at FROM event WHERE created_by = ? ORDER BY id DESC LIMIT ?",
                List.of(personId, limit), rs -> new Published(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
    }
}
