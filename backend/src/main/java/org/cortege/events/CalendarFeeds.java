package org.cortege.events;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.Observance;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.Version;
import net.fortuna.ical4j.model.property.XProperty;
import org.cortege.shared.InstanceSettings;

/**
 * Writes iCalendar (RFC 5545) with ical4j: one VEVENT per date (recurrences expanded, as in the
 * listings), with a UID that never changes ({@code <date id>@<host>}), SEQUENCE raised on every
 * change, STATUS:CANCELLED for cancelled dates, times in the movement's zone with its VTIMEZONE
 * (current rules only: ical4j's full history of the zone weighs 10 KB and helps nobody).
 */
@Singleton
class CalendarFeeds {

    /** What a VEVENT needs. */
    record Item(String occurrenceId, Instant start, Instant end, boolean allDay, boolean cancelled, int sequence, String title,
                String description, String location, String url, String organizer, Instant updatedAt) {
    }

    private final InstanceSettings settings;
    private final TimeZoneRegistry registry = TimeZoneRegistryFactory.getInstance().createRegistry();
    private final Map<String, VTimeZone> zones = new ConcurrentHashMap<>();

    CalendarFeeds(InstanceSettings settings) {
        this.settings = settings;
        // Registered, the movement's zone is found in the registry's own rules when each DTSTART and DTEND is
        // written; otherwise ical4j 4.2 copies the list of every zone the JVM knows, per date: 260–360 ms of a
        // 500-date feed, 5–16 ms so (same output).
        net.fortuna.ical4j.model.TimeZone movementZone = registry.getTimeZone(settings.timeZone().getId());
        if (movementZone != null) {
            registry.register(movementZone);
        }
    }

    String write(String name, List<Item> items) {
        ZoneId zone = settings.timeZone();
        Calendar cal = new Calendar();
        cal.add(new ProdId("-//Cortege//" + settings.organizationName().replaceAll("[\\r\\n]", " ") + "//FR"));
        cal.add(new Version(new net.fortuna.ical4j.model.ParameterList(), Version.VALUE_2_0));
        cal.add(new CalScale(CalScale.VALUE_GREGORIAN));
        cal.add(new Method(Method.VALUE_PUBLISH));
        cal.add(new XProperty("X-WR-CALNAME", name));
        cal.add(new XProperty("X-WR-TIMEZONE", zone.getId()));
        cal.add(vTimeZone(zone.getId()));
        String host = settings.publicUrl().getHost();
        for (Item it : items) {
            VEvent e;
            if (it.allDay()) {
                LocalDate first = it.start().atZone(zone).toLocalDate();
                LocalDate after = it.end().atZone(zone).toLocalDate();
                e = new VEvent(first, after.isAfter(first) ? after : first.plusDays(1), it.title());
            } else {
                e = new VEvent(ZonedDateTime.ofInstant(it.start(), zone), ZonedDateTime.ofInstant(it.end(), zone), it.title());
                // the registry where the zone is registered (see the constructor)
                for (String dateName : List.of(Property.DTSTART, Property.DTEND)) {
                    e.getProperty(dateName).ifPresent(p -> ((DateProperty<?>) p).setTimeZoneRegistry(registry));
                }
            }
            e.add(new Uid(it.occurrenceId() + "@" + host));
            e.add(new Sequence(it.sequence()));
            e.add(new Status(it.cancelled() ? Status.VALUE_CANCELLED : Status.VALUE_CONFIRMED));
            e.add(new LastModified(it.updatedAt()));
            if (it.location() != null && !it.location().isBlank()) {
                e.add(new Location(it.location()));
            }
            e.add(new Description(it.description() + "\n\n" + it.organizer() + "\n" + it.url()));
            e.add(new Url(java.net.URI.create(it.url())));
            cal.add(e);
        }
        return cal.toString();
    }

    /** The zone's current standard and daylight rules (open-ended RRULEs), or its latest observance. */
    private VTimeZone vTimeZone(String id) {
        return zones.computeIfAbsent(id, key -> {
            VTimeZone full = registry.getTimeZone(key).getVTimeZone();
            List<Observance> current = new ArrayList<>();
            Observance latest = null;
            for (Observance o : full.getObservances()) {
                boolean open = o.getProperty(Property.RRULE).map(r -> ((RRule<?>) r).getRecur().getUntil() == null
                        && ((RRule<?>) r).getRecur().getCount() < 1).orElse(false);
                if (open) {
                    current.add(o);
                }
                if (latest == null || o.getStartDate().compareTo(latest.getStartDate()) > 0) {
                    latest = o;
                }
            }
            net.fortuna.ical4j.model.PropertyList props = new net.fortuna.ical4j.model.PropertyList(
                    List.of(full.getProperty(Property.TZID).orElseThrow()));
            return new VTimeZone(props, new net.fortuna.ical4j.model.ComponentList<>(current.isEmpty() ? List.of(latest) : current));
        });
    }
}
