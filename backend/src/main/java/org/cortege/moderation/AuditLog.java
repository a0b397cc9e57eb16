package org.cortege.moderation;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import org.cortege.people.Person;
import org.cortege.people.PersonService;

/**
 * The audit log as other features write and read it: who did what to what, and why. Reasons
 * name what changed (fields, counts), never personal data itself.
 */
@Singleton
public class AuditLog {

    private final AuditRepository audit;
    private final PersonService people;

    AuditLog(AuditRepository audit, PersonService people) {
        this.audit = audit;
        this.people = people;
    }

    /** Writes one entry in the caller's transaction. {@code reason} is cut to 500 characters. */
    public void record(Person actor, String action, String targetType, String targetId, String reason) {
        String r = reason == null || reason.length() <= 500 ? reason : reason.substring(0, 499) + "…";
        audit.save(new AuditEntry(null, actor == null ? null : actor.id(), action, targetType, targetId, r, Instant.now()));
    }

    /** The newest 100 entries about one target, staff reads of person pages left out (see the access log). */
    public List<AuditView> forTarget(String targetType, String targetId) {
        return audit.findForTarget(targetType, targetId).stream().map(this::view).toList();
    }

    AuditView view(AuditEntry a) {
        String actor = a.actorId() == null ? null : people.findAny(a.actorId())
                .map(p -> p.firstName() + " " + p.lastName()).orElse(null);
        return new AuditView(actor, a.action(), a.targetType(), a.targetId(), a.reason(), a.createdAt(), null, null);
    }
}
