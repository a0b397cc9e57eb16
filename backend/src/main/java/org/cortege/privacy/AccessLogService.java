package org.cortege.privacy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cortege.admin.StaffService;
import org.cortege.moderation.AuditLog;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.people.SignedIn;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;

/**
 * The access log a movement's DPO reviews (the CNIL expects it kept 6 to 12 months): staff reading,
 * correcting, exporting, importing or browsing people's records, erasures, staff sign-ins, and
 * exports of the log itself; paged for the admins' page, downloadable as CSV, purged after
 * {@code cortege.retention.access-log}. The entries are moderation's audit log; the names,
 * people's.
 */
@Singleton
public class AccessLogService {

    /** What the access log shows. */
    static final List<String> ACCESS_ACTIONS = Stream.concat(PersonalDataService.STAFF_ACCESS.stream(),
            Stream.of("export.start", "export.alert", "import.start", "people.search", "staff.signin", "access-log.export")).toList();
    private static final int ACCESS_PAGE = 50;
    /** A CSV holds at most this many entries, the newest (a year of a large team's work). */
    static final int EXPORT_MAX = 200_000;

    /**
     * One access: by whom ({@code actorKind}: staff; self for a person erasing their own account or
     * leaving the file; retention for the retention passes; erased for a staff member erased since),
     * what, about which person or file.
     */
    @io.micronaut.serde.annotation.Serdeable
    public record Access(Instant at, String actorKind, @Nullable String actor, @Nullable String actorId, String action,
                         String targetType, String targetId, @Nullable String target, @Nullable String detail) {
    }

    @io.micronaut.serde.annotation.Serdeable
    public record AccessPage(List<Access> items, long total, int page, int size) {
    }

    private final PersonService people;
    private final AuditLog audit;
    private final StaffService staff;
    private final Messages messages;
    private final InstanceSettings settings;

    AccessLogService(PersonService people, AuditLog audit, StaffService staff, Messages messages, InstanceSettings settings) {
        this.people = people;
        this.audit = audit;
        this.staff = staff;
        this.messages = messages;
        this.settings = settings;
    }

    /** A staff member (admin or organizer) signed in: the log says who and when; supporters' sign-ins are not logged. */
    @EventListener
    void onSignIn(SignedIn event) {
        people.findAny(event.personId()).ifPresent(p -> staff.current(p).ifPresent(s ->
                audit.record(p, "staff.signin", "person", p.publicId(), s.admin() ? "admin" : "organizer")));
    }

    /**
     * Erases the access log's entries older than {@code keep} (the CNIL expects 6 to 12 months:
     * {@code cortege.retention.access-log}, 365 days); 0: kept forever. Returns how many.
     */
    public int purge(java.time.Duration keep) {
        if (keep.isZero()) {
            return 0;
        }
        Instant before = Instant.now().minus(keep);
        int total = 0;
        int n;
        do {
            n = audit.purge(ACCESS_ACTIONS, before);
            total += n;
        } while (n == 5000);
        return total;
    }

    /** One page (50 entries, newest first); {@code actor}: one staff member's public id, or null. */
    @Transactional(readOnly = true)
    public AccessPage page(int page, @Nullable String actor) {
        Optional<Long> actorId = actorId(actor);
        if (actorId == null) {
            return new AccessPage(List.of(), 0, page, ACCESS_PAGE);
        }
        AuditLog.LoggedPage logged = audit.among(ACCESS_ACTIONS, actorId.orElse(null), ACCESS_PAGE, (page - 1) * ACCESS_PAGE);
        return new AccessPage(named(logged.items()), logged.total(), page, ACCESS_PAGE);
    }

    /**
     * The log (or one staff member's part of it), newest first, at most {@link #EXPORT_MAX} entries,
     * as a CSV file for the DPO (UTF-8 with a byte-order mark, semicolons, times in the movement's
     * zone); the export is itself logged. REPEATABLE READ (the pool's level is READ COMMITTED): its pages
     * are read from one snapshot, so entries logged meanwhile neither shift them nor repeat a row.
     */
    @Transactional(isolation = io.micronaut.transaction.TransactionDefinition.Isolation.REPEATABLE_READ)
    public byte[] csv(@Nullable String actor, Locale locale, Person admin) {
        audit.record(admin, "access-log.export", "access-log", actor == null || actor.isBlank() ? "all" : actor.strip(), null);
        Optional<Long> actorId = actorId(actor);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(settings.timeZone());
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            writer.write('\uFEFF');
            CSVPrinter printer = CSVFormat.DEFAULT.builder().setDelimiter(';').setRecordSeparator("\r\n").get().print(writer);
            List<String> header = new ArrayList<>();
            for (String c : List.of("at", "actorKind", "actor", "actorId", "action", "targetType", "targetId", "target", "detail")) {
                header.add(messages.get(locale, "accessLog.column." + c));
            }
            printer.printRecord(header);
            for (int offset = 0; actorId != null && offset < EXPORT_MAX; offset += 5000) {
                List<AuditLog.Logged> batch = audit.among(ACCESS_ACTIONS, actorId.orElse(null), 5000, offset).items();
                for (Access a : named(batch)) {
                    printer.printRecord(Stream.of(time.format(a.at()), a.actorKind(), a.actor(), a.actorId(), a.action(), a.targetType(),
                            a.targetId(), a.target(), a.detail()).map(org.cortege.admin.csv.ExportService::neutralise).toList());
                }
                if (batch.size() < 5000) {
                    break;
                }
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Empty for everyone, the staff member's id, or null for an unknown staff member (nothing to show). */
    @Nullable
    private Optional<Long> actorId(@Nullable String actor) {
        if (actor == null || actor.isBlank()) {
            return Optional.empty();
        }
        return people.findByPublicId(actor.strip()).map(p -> Optional.of(p.id())).orElse(null);
    }

    private List<Access> named(List<AuditLog.Logged> logged) {
        Set<Long> actors = new HashSet<>();
        Set<String> targets = new HashSet<>();
        for (AuditLog.Logged l : logged) {
            if (l.actorId() != null) {
                actors.add(l.actorId());
            }
            if ("person".equals(l.targetType())) {
                targets.add(l.targetId());
            }
        }
        Map<Long, PersonService.Named> byId = new HashMap<>();
        Map<String, PersonService.Named> byPublicId = new HashMap<>();
        for (PersonService.Named n : people.names(actors, targets)) {
            byId.put(n.id(), n);
            byPublicId.put(n.publicId(), n);
        }
        return logged.stream().map(l -> {
            PersonService.Named who = l.actorId() == null ? null : byId.get(l.actorId());
            PersonService.Named target = "person".equals(l.targetType()) ? byPublicId.get(l.targetId()) : null;
            String staffId = who == null ? null : who.publicId();
            return new Access(l.at(), actorKind(staffId, l.action(), l.reason()), who == null ? null : who.name(), staffId,
                    l.action(), l.targetType(), l.targetId(), target == null ? null : target.name(), l.reason());
        }).toList();
    }

    static String actorKind(@Nullable String actorId, String action, @Nullable String reason) {
        if (actorId != null) {
            return "staff";
        }
        if ("export.alert".equals(action)) {
            return "system";
        }
        if ("person.erase".equals(action) && ("by the person".equals(reason) || "objection to the contact file".equals(reason))) {
            return "self";
        }
        if ("person.erase".equals(action) && reason != null && (reason.startsWith("inactive") || reason.startsWith("imported prospect")
                || reason.startsWith("the purge date"))) {
            return "retention";
        }
        return "erased";
    }
}
