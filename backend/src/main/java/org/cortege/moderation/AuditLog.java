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

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    private final AuditRepository audit;
    private final PersonService people;

    AuditLog(AuditRepository audit, PersonService people, org.cortege.shared.Sql personalSql) {
        this.personalSql = personalSql;
        this.audit = audit;
        this.people = people;
    }

    /**
     * Deletes up to 5 000 entries of these kinds written before {@code before} (the access log's
     * retention); returns how many. Moderation's decisions are other kinds, kept.
     */
    public int purge(List<String> actions, Instant before) {
        List<Object> params = new java.util.ArrayList<>(actions);
        params.add(before);
        return personalSql.update("DELETE FROM audit_log WHERE action IN (" + org.cortege.shared.Sql.marks(actions.size())
                + ") AND created_at < ? LIMIT 5000", params);
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

    /** One staff action on a record: what, why, when. */
    public record Entry(String action, @io.micronaut.core.annotation.Nullable String reason, java.time.Instant at) {
    }

    /** Staff actions among {@code actions} on a record, the latest first, at most {@code limit}. */
    public List<Entry> on(String targetType, String targetId, List<String> actions, int limit) {
        List<Object> params = new java.util.ArrayList<>(List.of(targetType, targetId));
        params.addAll(actions);
        params.add(limit);
        return personalSql.list("SELECT action, reason, created_at FROM audit_log WHERE target_type = ? AND target_id = ? "
                + "AND action IN (" + org.cortege.shared.Sql.marks(actions.size()) + ") ORDER BY id DESC LIMIT ?", params,
                rs -> new Entry(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
    }
}
