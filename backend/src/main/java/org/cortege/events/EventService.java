package org.cortege.events;

import io.micronaut.http.HttpStatus;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.cortege.shared.Slugs;
import org.cortege.shared.Tokens;

/**
 * The events feature's public API: publishing, editing and cancelling actions and their dates.
 * Actions are public the moment they are published; moderation comes after the fact. Every change
 * people must know about raises the iCalendar SEQUENCE and mails those who said they come.
 * Why it is long: actions, their dates (recurrence, moving, cancelling one) and co-hosting are
 * still one service; dates and co-hosts are the seams along which it splits next.
 */
@Singleton
public class EventService {

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    /** How far (km) a dropped pin may lie from the centre of the action's commune. */
    static final double MAX_PIN_DISTANCE_KM = 60;

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

    EventService(EventRepository events, OccurrenceRepository occurrences, GroupService groups, GeoService geo, RichText richText,
                 EventTypes types, CountersService counters, InstanceSettings settings, EventsProperties properties,
                 EventNotifier notifier, org.cortege.shared.Sql personalSql) {
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
        require(c.title(), "title");
        require(c.type(), "type");
        require(c.start(), "start");
        String type = type(c.type());
        ZoneId zone = settings.timeZone();
        Instant now = Instant.now();
        Schedule schedule = Schedule.parse(c.start(), c.end(), Boolean.TRUE.equals(c.allDay()), c.recurrence(), zone,
                properties.limits, now);
        if (schedule.localStart().atZone(zone).toInstant().isBefore(now.minusSeconds(86_400))) {
            throw ApiException.invalidField("start", "validation.eventInPast");
        }
        Where where = where(Boolean.TRUE.equals(c.online()), c.onlineUrl(), c.postalCode(), c.inseeCode(), c.lat(), c.lng(),
                c.address());
        List<Long> cohosts = cohosts(c.cohosts(), group);
        String title = c.title().strip();
        String description = c.description() == null ? "" : c.description().strip();
        Event e = events.save(new Event(null, Tokens.newPublicId(), freeSlug(title, schedule.localStart().toLocalDate()),
                group.id(), title, type, description, richText.toHtml(description), zone.getId(), schedule.localStart(),
                schedule.localEnd(), schedule.allDay(), schedule.rrule(), where.online, where.onlineUrl, where.address,
                where.postalCode, where.inseeCode, where.commune, where.departement, where.lat, where.lng, where.precision,
                capacity(c.capacity()), Event.PUBLISHED, null, null, 0, actor.id(), now, now));
        applyCohosts(e, cohosts, actor, group);
        String state = group.isHidden() ? Occurrence.HIDDEN : Occurrence.ON;
        for (Schedule.Slot slot : schedule.slots(properties.limits)) {
            occurrences.save(new Occurrence(null, Tokens.newPublicId(), e.id(), slot.recurrenceId(), slot.start(), slot.end(), false,
                    false, state, 0, group.id(), type, where.departement, where.lat, where.lng, 0, 0, null));
        }
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
        Where where = placeChanged
                ? where(online, c.onlineUrl() != null ? c.onlineUrl() : e.onlineUrl(),
                        c.postalCode() != null ? c.postalCode() : e.postalCode(),
                        c.inseeCode() != null || c.postalCode() != null ? c.inseeCode() : e.inseeCode(),
                        c.lat() != null || c.lng() != null ? c.lat() : c.postalCode() != null ? null : keepPin(e, true),
                        c.lat() != null || c.lng() != null ? c.lng() : c.postalCode() != null ? null : keepPin(e, false),
                        c.address() != null ? c.address() : e.address())
                : new Where(e.online(), e.onlineUrl(), e.address(), e.postalCode(), e.inseeCode(), e.commune(), e.departement(),
                        e.lat(), e.lng(), e.geoPrecision());
        String title = c.title() == null ? e.title() : c.title().strip();
        String type = c.type() == null ? e.type() : type(c.type());
        String description = c.description() == null ? e.descriptionMd() : c.description().strip();
        Integer capacity = c.capacity() == null ? e.capacity() : capacity(c.capacity());
        if (c.cohosts() != null) {
            applyCohosts(e, cohosts(c.cohosts(), group), actor, group);
        }
        boolean scheduleChanged = !schedule.localStart().equals(e.localStart()) || !schedule.localEnd().equals(e.localEnd())
                || schedule.allDay() != e.allDay() || !java.util.Objects.equals(schedule.rrule(), e.rrule());
        boolean whereChanged = !java.util.Objects.equals(where.address, e.address()) || where.online != e.online()
                || !java.util.Objects.equals(where.inseeCode, e.inseeCode()) || !java.util.Objects.equals(where.lat, e.lat())
                || !java.util.Objects.equals(where.lng, e.lng()) || !java.util.Objects.equals(where.onlineUrl, e.onlineUrl());
        boolean notify = scheduleChanged || whereChanged || !title.equals(e.title());
        Event updated = new Event(e.id(), e.publicId(), e.slug(), e.groupId(), title, type, description,
                description.equals(e.descriptionMd()) ? e.descriptionHtml() : richText.toHtml(description), e.timeZone(),
                schedule.localStart(), schedule.localEnd(), schedule.allDay(), schedule.rrule(), where.online, where.onlineUrl,
                where.address, where.postalCode, where.inseeCode, where.commune, where.departement, where.lat, where.lng,
                where.precision, capacity, e.status(), e.hiddenReason(), e.cancelledAt(), e.sequence() + 1, e.createdBy(), e.createdAt(),
                now);
        events.update(updated);
        occurrences.copyEventFields(e.id(), type, where.departement, where.lat, where.lng);
        if (scheduleChanged) {
            reschedule(updated, schedule, now);
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

    /** Matches the new dates to the old ones by day, so that answers follow the date they were given for. */
    private void reschedule(Event e, Schedule schedule, Instant now) {
        List<Occurrence> old = occurrences.findByEventIdOrderByStartsAt(e.id());
        List<Schedule.Slot> slots = schedule.slots(properties.limits);
        ZoneId zone = schedule.zone();
        Map<LocalDate, Occurrence> byDay = new HashMap<>();
        for (Occurrence o : old) {
            byDay.putIfAbsent(o.recurrenceId().atZone(zone).toLocalDate(), o);
        }
        boolean single = old.size() == 1 && slots.size() == 1;
        Set<Long> kept = new HashSet<>();
        for (Schedule.Slot slot : slots) {
            Occurrence match = single ? old.get(0) : byDay.get(slot.localDate());
            if (match != null && !kept.contains(match.id())) {
                kept.add(match.id());
                if (match.endsAt().isBefore(now)) {
                    continue; // the past is what happened
                }
                occurrences.update(new Occurrence(match.id(), match.publicId(), match.eventId(), slot.recurrenceId(),
                        match.moved() ? match.startsAt() : slot.start(), match.moved() ? match.endsAt() : slot.end(),
                        match.cancelled(), match.moved(), match.state(), match.sequence(), match.groupId(), match.type(),
                        match.departement(), match.lat(), match.lng(), match.rsvpCount(), match.attendedCount(),
                        match.startsAt().equals(slot.start()) ? match.reminderSentAt() : null));
            } else if (!slot.end().isBefore(now)) {
                occurrences.save(new Occurrence(null, Tokens.newPublicId(), e.id(), slot.recurrenceId(), slot.start(), slot.end(),
                        false, false, Occurrence.ON, e.sequence(), e.groupId(), e.type(), e.departement(), e.lat(), e.lng(), 0, 0,
                        null));
            }
        }
        for (Occurrence o : old) {
            if (kept.contains(o.id()) || o.endsAt().isBefore(now)) {
                continue;
            }
            if (o.rsvpCount() > 0) {
                if (!o.cancelled()) {
                    occurrences.update(withCancelled(o, true));
                    notifier.cancelled(e, o);
                }
            } else {
                occurrences.delete(o);
            }
        }
        occurrences.refreshStates(e.id());
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
        if (o.cancelled() || e.isCancelled()) {
            return;
        }
        if (o.endsAt().isBefore(Instant.now())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-past", "problem.eventPast");
        }
        occurrences.update(withCancelled(o, true));
        occurrences.refreshStates(e.id());
        notifier.cancelled(e, o);
        counters.invalidate();
    }

    /** Moves one date (new start and end, same wall-clock rules as the action); those who come are told. */
    @Transactional
    public Occurrence moveOccurrence(Person actor, String occurrenceId, String start, String end) {
        Occurrence o = occurrences.findByIdForUpdate(findOccurrence(occurrenceId).id()).orElseThrow();
        Event e = events.findById(o.eventId()).orElseThrow();
        requireManager(actor, e);
        Instant now = Instant.now();
        if (o.cancelled() || e.isCancelled() || o.endsAt().isBefore(now)) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-not-movable", "problem.eventNotMovable");
        }
        Schedule moved = Schedule.parse(start, end, e.allDay(), null, ZoneId.of(e.timeZone()), properties.limits, now);
        Schedule.Slot slot = moved.slots(properties.limits).get(0);
        if (slot.end().isBefore(now)) {
            throw ApiException.invalidField("start", "validation.eventInPast");
        }
        Occurrence updated = new Occurrence(o.id(), o.publicId(), o.eventId(), o.recurrenceId(), slot.start(), slot.end(), false, true,
                o.state(), o.sequence() + 1, o.groupId(), o.type(), o.departement(), o.lat(), o.lng(), o.rsvpCount(),
                o.attendedCount(), slot.start().equals(o.startsAt()) ? o.reminderSentAt() : null);
        occurrences.update(updated);
        notifier.changed(e, updated);
        return updated;
    }

    /**
     * An action as the viewer (null: anonymous) sees it, with its dates.
     *
     * @throws ApiException 404 when unknown, 410 when hidden by moderation (admins still see it)
     */
    public EventView view(String idOrSlug, Person viewer, Locale locale, java.util.function.Function<List<Long>, Set<Long>> going) {
        Event e = find(idOrSlug);
        SupportGroup group = groups.findById(e.groupId()).orElseThrow();
        boolean admin = viewer != null && viewer.admin() && viewer.isConfirmed();
        boolean hiddenNow = e.isHidden() || group.isHidden();
        // hidden by the moderation: admins, and those who run the group, still read it (with the reason)
        if (hiddenNow && !admin && !groups.runs(viewer, group)) {
            throw hidden();
        }
        List<Occurrence> dates = occurrences.findByEventIdOrderByStartsAt(e.id());
        Set<Long> mine = viewer == null ? Set.of() : going.apply(dates.stream().map(Occurrence::id).toList());
        ZoneId zone = ZoneId.of(e.timeZone());
        Instant now = Instant.now();
        List<OccurrenceView> views = new ArrayList<>(dates.size());
        for (Occurrence o : dates) {
            views.add(new OccurrenceView(o.publicId(), o.startsAt().atZone(zone).toOffsetDateTime(), o.endsAt().atZone(zone).toOffsetDateTime(),
                    o.state(), o.moved(), o.endsAt().isBefore(now), o.rsvpCount(), o.attendedCount(),
                    e.capacity() != null && o.rsvpCount() >= e.capacity(), viewer == null ? null : mine.contains(o.id())));
        }
        boolean canManage = viewer != null && groups.canManage(viewer, group) && !e.isHidden();
        List<EventView.GroupRef> cohosts = new ArrayList<>();
        List<EventView.Invited> invited = new ArrayList<>();
        for (EventRepository.Cohost c : events.findCohosts(e.id())) {
            groups.findById(c.groupId()).filter(g -> !g.isHidden()).ifPresent(g -> {
                EventView.GroupRef ref = new EventView.GroupRef(g.publicId(), g.slug(), g.name());
                if (ACCEPTED.equals(c.status())) {
                    cohosts.add(ref);
                } else if (canManage) {
                    invited.add(new EventView.Invited(ref, c.status()));
                }
            });
        }
        return new EventView(e.publicId(), e.slug(), e.title(), e.type(), types.label(e.type(), locale), e.descriptionMd(),
                e.descriptionHtml(), new EventView.GroupRef(group.publicId(), group.slug(), group.name()), cohosts, e.timeZone(),
                format(e.localStart(), e.allDay()), format(e.allDay() ? e.localEnd().minusDays(1) : e.localEnd(), e.allDay()),
                e.allDay(), e.rrule(), RecurrenceLabel.of(e.rrule(), locale), e.online(), e.onlineUrl(), e.address(), e.postalCode(), e.inseeCode(), e.commune(),
                e.departement(), e.lat(), e.lng(), e.capacity(), e.status(), e.createdAt(),
                canManage, views, invited, hiddenNow,
                !hiddenNow ? null : GroupService.shownReason(e.isHidden() ? e.hiddenReason() : group.hiddenReason(), admin),
                e.geoPrecision());
    }

    // --- co-hosts: a group named co-host shows the action only once its managers accepted ---

    static final String PENDING = "PENDING";
    static final String ACCEPTED = "ACCEPTED";
    static final String DECLINED = "DECLINED";

    /**
     * Makes the action's co-hosts these groups. A group already asked keeps its answer (a refusal
     * stays a refusal: naming it again does not ask again); a new one is asked, unless the author
     * manages it too (they accept for it); a group no longer named is dropped, except a refusal,
     * kept so that the organiser cannot ask again by removing and re-adding it.
     */
    private void applyCohosts(Event e, List<Long> wanted, Person actor, SupportGroup organiser) {
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
    @Transactional(readOnly = true)
    public List<CohostInvitation> invitations(Person actor, String groupIdOrSlug, Locale locale) {
        SupportGroup g = groups.find(groupIdOrSlug);
        requireManager(actor, g);
        List<CohostInvitation> out = new ArrayList<>();
        for (EventRepository.Invitation i : events.findInvitations(g.id())) {
            Event e = events.findById(i.eventId()).orElseThrow();
            SupportGroup by = groups.findById(e.groupId()).orElseThrow();
            if (by.isHidden()) {
                continue;
            }
            out.add(new CohostInvitation(e.publicId(), e.slug(), e.title(), format(e.localStart(), e.allDay()), e.timeZone(),
                    new EventView.GroupRef(by.publicId(), by.slug(), by.name()), i.status()));
        }
        return out;
    }

    /** An invitation as the invited group's managers see it. */
    @io.micronaut.serde.annotation.Serdeable
    public record CohostInvitation(String eventId, String slug, String title, String start, String timeZone, EventView.GroupRef by,
                                   String status) {
    }

    /**
     * The invited group's managers accept or decline (an accepted invitation can be withdrawn the
     * same way): only then does the action show in the group's calendar, page and listings.
     *
     * @throws ApiException 403 for anyone but the invited group's managers, 404 without an invitation
     */
    @Transactional
    public void answerInvitation(Person actor, String groupIdOrSlug, String eventIdOrSlug, boolean accept) {
        SupportGroup g = groups.find(groupIdOrSlug);
        requireManager(actor, g);
        Event e = find(eventIdOrSlug);
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

    private record Where(boolean online, String onlineUrl, String address, String postalCode, String inseeCode, String commune,
                         String departement, Double lat, Double lng, String precision) {
    }

    private Where where(boolean online, String onlineUrl, String postalCode, String inseeCode, Double lat, Double lng,
                        String address) {
        if (online) {
            if (onlineUrl == null || onlineUrl.isBlank()) {
                throw ApiException.invalidField("onlineUrl", "validation.NotBlank");
            }
            return new Where(true, onlineUrl.strip(), null, null, null, null, null, null, null, null);
        }
        require(postalCode, "postalCode");
        GeoService.Located at = geo.locate(postalCode, inseeCode, lat, lng, MAX_PIN_DISTANCE_KM);
        String a = address == null || address.isBlank() ? null : address.strip();
        return new Where(false, null, a, at.place().postalCode(), at.place().inseeCode(), at.place().commune(),
                at.place().departement(), at.lat(), at.lng(), at.precision());
    }

    private static Double keepPin(Event e, boolean lat) {
        return "manual".equals(e.geoPrecision()) ? (lat ? e.lat() : e.lng()) : null;
    }

    private List<Long> cohosts(List<String> refs, SupportGroup organiser) {
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

    private static Integer capacity(Integer capacity) {
        return capacity == null || capacity == 0 ? null : capacity;
    }

    private String type(String key) {
        if (!types.exists(key)) {
            throw ApiException.invalidField("type", "validation.eventTypeUnknown");
        }
        return key;
    }

    private String freeSlug(String title, LocalDate day) {
        String base = Slugs.of(title + "-" + day, 140);
        String slug = base;
        for (int i = 2; events.existsBySlug(slug); i++) {
            slug = base + "-" + i;
        }
        return slug;
    }

    private static Occurrence withCancelled(Occurrence o, boolean cancelled) {
        return new Occurrence(o.id(), o.publicId(), o.eventId(), o.recurrenceId(), o.startsAt(), o.endsAt(), cancelled, o.moved(),
                cancelled ? Occurrence.CANCELLED : o.state(), o.sequence() + 1, o.groupId(), o.type(), o.departement(), o.lat(),
                o.lng(), o.rsvpCount(), o.attendedCount(), o.reminderSentAt());
    }

    private static Event withStatus(Event e, String status, String reason, Instant cancelledAt, int sequence) {
        return new Event(e.id(), e.publicId(), e.slug(), e.groupId(), e.title(), e.type(), e.descriptionMd(), e.descriptionHtml(),
                e.timeZone(), e.localStart(), e.localEnd(), e.allDay(), e.rrule(), e.online(), e.onlineUrl(), e.address(),
                e.postalCode(), e.inseeCode(), e.commune(), e.departement(), e.lat(), e.lng(), e.geoPrecision(), e.capacity(),
                status, reason, cancelledAt, sequence, e.createdBy(), e.createdAt(), Instant.now());
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "validation.NotBlank");
        }
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
