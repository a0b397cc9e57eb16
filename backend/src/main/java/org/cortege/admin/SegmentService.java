package org.cortege.admin;

import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cortege.moderation.AuditLog;
import org.cortege.shared.ApiException;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * Saved segments: a name and a rule tree, evaluated at each use (so "attended in the last 30
 * days" stays true to its name). Any staff member may save one; its author or an admin changes it.
 */
@Singleton
public class SegmentService {

    private final Sql sql;
    private final SegmentRepository segments;
    private final JsonMapper json;
    private final SegmentSql compiler;
    private final AuditLog audit;
    /** Lazily: the campaigns feature depends on this one. */
    private final io.micronaut.context.BeanProvider<SegmentUsers> users;

    SegmentService(Sql sql, SegmentRepository segments, JsonMapper json, SegmentSql compiler, AuditLog audit,
                   io.micronaut.context.BeanProvider<SegmentUsers> users) {
        this.users = users;
        this.sql = sql;
        this.segments = segments;
        this.json = json;
        this.compiler = compiler;
        this.audit = audit;
    }

    private record Row(long id, String publicId, String name, String definition, Long createdBy, String author,
                       Instant createdAt, Instant updatedAt) {
        SegmentView view(SegmentService s) {
            return new SegmentView(publicId, name, s.read(definition), author, createdAt, updatedAt);
        }
    }

    public List<SegmentView> list() {
        return rows("ORDER BY s.name, s.id LIMIT 500", List.of()).stream().map(r -> r.view(this)).toList();
    }

    /** @throws ApiException 404 when unknown */
    public SegmentView get(String publicId) {
        return find(publicId).view(this);
    }

    /** The row id of a saved segment (what a campaign stores). @throws ApiException 404 when unknown */
    public long idOf(String publicId) {
        return find(publicId).id();
    }

    /** The rule tree of a saved segment. @throws ApiException 404 when unknown */
    public SegmentRule rule(String publicId) {
        return read(find(publicId).definition());
    }

    /** @throws ApiException 400 on a rule that does not compile */
    @Transactional
    public SegmentView create(Staff staff, SegmentCommand c) {
        compiler.compile(c.rule());
        String publicId = Tokens.newPublicId();
        Instant now = Instant.now();
        segments.save(new Segment(null, publicId, c.name().strip(), write(c.rule()), staff.person().id(), now, now));
        audit.record(staff.person(), "segment.create", "segment", publicId, c.name().strip());
        return get(publicId);
    }

    /** @throws ApiException 404, 403 for an organizer who did not write it, 400 on a bad rule */
    @Transactional
    public SegmentView update(Staff staff, String publicId, SegmentCommand c) {
        Row row = writable(staff, publicId);
        compiler.compile(c.rule());
        Segment stored = segments.findByIdForUpdate(row.id()).orElseThrow();
        segments.update(stored.changed(c.name().strip(), write(c.rule()), Instant.now()));
        audit.record(staff.person(), "segment.update", "segment", publicId, c.name().strip());
        return get(publicId);
    }

    /** A rule as the access log shows it (its JSON, cut to 300 characters). */
    String describe(SegmentRule rule) {
        String w = write(rule);
        return w.length() <= 300 ? w : w.substring(0, 299) + "…";
    }

    @Transactional
    public void delete(Staff staff, String publicId) {
        Row row = writable(staff, publicId);
        segments.findByIdForUpdate(row.id());
        if (users.stream().anyMatch(u -> u.waitingOn(publicId))) {
            throw ApiException.of(io.micronaut.http.HttpStatus.CONFLICT, "segment-in-use", "problem.segmentInUse");
        }
        segments.deleteById(row.id());
        audit.record(staff.person(), "segment.delete", "segment", publicId, row.name());
    }

    /** Points every saved segment's tag criteria at {@code into} instead of {@code from} (after a merge). */
    void retargetTag(long from, long into) {
        for (Row r : rows("WHERE s.definition LIKE ?", List.of("%\"tag\"%"))) {
            SegmentRule rule = read(r.definition());
            SegmentRule changed = retarget(rule, Long.toString(from), Long.toString(into));
            if (!changed.equals(rule)) {
                segments.findById(r.id()).ifPresent(stored -> segments.update(
                        stored.changed(stored.name(), write(changed), stored.updatedAt())));
            }
        }
    }

    private static SegmentRule retarget(SegmentRule r, String from, String into) {
        if (r.rules() != null) {
            List<SegmentRule> children = new ArrayList<>();
            for (SegmentRule c : r.rules()) {
                children.add(c == null ? null : retarget(c, from, into));
            }
            return new SegmentRule(r.op(), children, r.field(), r.values(), r.min(), r.max(), r.from(), r.to(), r.withinDays(),
                    r.postalCode(), r.lat(), r.lng(), r.radiusKm(), r.value(), r.role());
        }
        if ("tag".equals(r.field()) && r.values() != null && r.values().contains(from)) {
            List<String> values = new ArrayList<>();
            for (String v : r.values()) {
                String n = v.equals(from) ? into : v;
                if (!values.contains(n)) {
                    values.add(n);
                }
            }
            return SegmentRule.values("tag", values);
        }
        return r;
    }

    private Row writable(Staff staff, String publicId) {
        Row row = find(publicId);
        if (!staff.admin() && (row.createdBy() == null || !row.createdBy().equals(staff.person().id()))) {
            throw StaffService.forbidden();
        }
        return row;
    }

    private Row find(String publicId) {
        List<Row> rows = publicId == null || publicId.length() > 24 ? List.of() : rows("WHERE s.public_id = ?", List.of(publicId));
        if (rows.isEmpty()) {
            throw ApiException.of(HttpStatus.NOT_FOUND, "segment-not-found", "problem.segmentNotFound");
        }
        return rows.get(0);
    }

    private List<Row> rows(String tail, List<Object> params) {
        return sql.list("SELECT s.id, s.public_id, s.name, s.definition, s.created_by, s.created_at, s.updated_at, "
                + "CONCAT(p.first_name, ' ', p.last_name) AS author FROM segment s LEFT JOIN person p ON p.id = s.created_by " + tail,
                params, SegmentService::row);
    }

    private static Row row(ResultSet rs) throws SQLException {
        Long createdBy = rs.getObject("created_by", Long.class);
        return new Row(rs.getLong("id"), rs.getString("public_id"), rs.getString("name"), rs.getString("definition"),
                createdBy, rs.getString("author"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    SegmentRule read(String definition) {
        try {
            return json.readValue(definition, SegmentRule.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored segment is not JSON", e);
        }
    }

    private String write(SegmentRule rule) {
        try {
            return json.writeValueAsString(rule);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
