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

    /** One entry as written: the actor's id (null: nobody signed in, or erased since). */
    public record Logged(Instant at, @io.micronaut.core.annotation.Nullable Long actorId, String action, String targetType,
                         String targetId, @io.micronaut.core.annotation.Nullable String reason) {
    }

    /** A page of entries and how many there are in all. */
    public record LoggedPage(List<Logged> items, long total) {
    }

    /**
     * Entries among {@code actions}, by one actor when {@code actorId} is given, newest first:
     * {@code limit} from {@code offset}, with the total (the DPO's access log).
     */
    public LoggedPage among(List<String> actions, @io.micronaut.core.annotation.Nullable Long actorId, int limit, int offset) {
        StringBuilder where = new StringBuilder("action IN (" + org.cortege.shared.Sql.marks(actions.size()) + ")");
        List<Object> params = new java.util.ArrayList<>(actions);
        if (actorId != null) {
            where.append(" AND actor_id = ?");
            params.add(actorId);
        }
        long total = personalSql.number("SELECT COUNT(*) FROM audit_log WHERE " + where, params);
        List<Object> pageParams = new java.util.ArrayList<>(params);
        pageParams.add(limit);
        pageParams.add(offset);
        List<Logged> items = personalSql.list("SELECT created_at, actor_id, action, target_type, target_id, reason FROM audit_log "
                + "WHERE " + where + " ORDER BY id DESC LIMIT ? OFFSET ?", pageParams,
                rs -> new Logged(rs.getTimestamp(1).toInstant(), rs.getObject(2) == null ? null : rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)));
        return new LoggedPage(items, total);
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
