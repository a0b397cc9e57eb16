package org.cortege.admin;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cortege.moderation.AuditLog;
import org.cortege.shared.ApiException;
import org.cortege.shared.Retry;
import org.cortege.shared.Sql;

/**
 * Tags on people: any staff member creates tags and applies or removes them on people of their
 * territory, one by one or in bulk (a selection); renaming, merging and deleting a tag touch
 * everyone, so they are for admins. Bulk changes are logged with their count.
 */
@Singleton
public class TagService {

    private final Sql sql;
    private final TagRepository tags;
    private final ContactSearch search;
    private final SegmentService segments;
    private final AuditLog audit;

    TagService(Sql sql, TagRepository tags, ContactSearch search, SegmentService segments, AuditLog audit) {
        this.sql = sql;
        this.tags = tags;
        this.search = search;
        this.segments = segments;
        this.audit = audit;
    }

    /** Every tag, by name, with how many people of the viewer's territory carry it. */
    @Transactional(readOnly = true)
    public List<TagView> list(Staff staff) {
        Staff.Scope scope = staff.scope();
        List<Object> params = new ArrayList<>(scope.params());
        return sql.list("SELECT t.id, t.name, (SELECT COUNT(*) FROM person_tag pt JOIN person p ON p.id = pt.person_id "
                + "WHERE pt.tag_id = t.id AND " + scope.sql() + ") AS n FROM tag t ORDER BY t.name LIMIT 1000", params,
                rs -> new TagView(rs.getLong(1), rs.getString(2), rs.getLong(3)));
    }

    /** @throws ApiException 409 when a tag of that name (case aside) exists */
    @Transactional
    public TagView create(Staff staff, String rawName) {
        String name = name(rawName);
        long id;
        try {
            id = tags.save(new ContactTag(null, name, key(name), staff.person().id(), Instant.now())).id();
        } catch (RuntimeException e) {
            throw Retry.isDuplicateKey(e) ? taken() : e;
        }
        audit.record(staff.person(), "tag.create", "tag", Long.toString(id), name);
        return new TagView(id, name, 0);
    }

    /** @throws ApiException 404, 409 when another tag has that name */
    @Transactional
    public void rename(Staff admin, long id, String rawName) {
        ContactTag tag = found(id);
        String before = tag.name();
        String name = name(rawName);
        try {
            tags.update(tag.named(name, key(name)));
        } catch (RuntimeException e) {
            throw Retry.isDuplicateKey(e) ? taken() : e;
        }
        audit.record(admin.person(), "tag.rename", "tag", Long.toString(id), before + " → " + name);
    }

    /**
     * Moves everyone tagged {@code from} to {@code into} and deletes {@code from}; saved segments
     * that named it now name {@code into}.
     *
     * @throws ApiException 404 when either is unknown, 400 when they are the same tag
     */
    @Transactional
    public void merge(Staff admin, long from, long into) {
        String fromName = find(from);
        String intoName = find(into);
        if (from == into) {
            throw ApiException.invalidField("into", "validation.tagMergeSelf");
        }
        sql.update("INSERT IGNORE INTO person_tag (person_id, tag_id, tagged_at) SELECT person_id, ?, tagged_at FROM person_tag "
                + "WHERE tag_id = ?", List.of(into, from));
        tags.deleteById(from);
        segments.retargetTag(from, into);
        audit.record(admin.person(), "tag.merge", "tag", Long.toString(into), fromName + " → " + intoName);
    }

    @Transactional
    public void delete(Staff admin, long id) {
        String name = find(id);
        tags.deleteById(id);
        audit.record(admin.person(), "tag.delete", "tag", Long.toString(id), name);
    }

    /**
     * Tags everyone the search selects (within the territory); returns how many people newly carry it.
     *
     * @throws ApiException 404 on an unknown tag, 400 on a bad rule
     */
    @Transactional
    public int apply(Staff staff, long id, String text, SegmentRule rule) {
        find(id);
        ContactSearch.Where where = search.select(staff, text, rule);
        List<Object> params = new ArrayList<>();
        params.add(id);
        params.add(Instant.now());
        params.addAll(where.params());
        int n = sql.update("INSERT IGNORE INTO person_tag (person_id, tag_id, tagged_at) SELECT p.id, ?, ?" + where.from(), params);
        audit.record(staff.person(), "tag.apply", "tag", Long.toString(id), n + " people");
        return n;
    }

    /** Untags everyone the search selects (within the territory); returns how many lost it. */
    @Transactional
    public int remove(Staff staff, long id, String text, SegmentRule rule) {
        find(id);
        ContactSearch.Where where = search.select(staff, text, rule);
        List<Object> params = new ArrayList<>(where.params());
        params.add(id);
        int n = sql.update("DELETE pt FROM person_tag pt JOIN (SELECT p.id" + where.from() + ") sel ON sel.id = pt.person_id "
                + "WHERE pt.tag_id = ?", params);
        audit.record(staff.person(), "tag.remove", "tag", Long.toString(id), n + " people");
        return n;
    }

    private String find(long id) {
        return found(id).name();
    }

    private ContactTag found(long id) {
        return tags.findById(id).orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "tag-not-found", "problem.tagNotFound"));
    }

    private static String name(String raw) {
        String name = raw == null ? "" : raw.replaceAll("[\\s\\u00a0\\u202f]+", " ").strip();
        if (name.isEmpty() || name.length() > 60) {
            throw ApiException.invalidField("name", "validation.Size", 1, 60);
        }
        return name;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static ApiException taken() {
        return ApiException.of(HttpStatus.CONFLICT, "tag-exists", "problem.tagExists");
    }

    /** A tag on a person and when it was put. */
    public record TagOf(String name, java.time.Instant taggedAt) {
    }

    /** A person's tags, the latest first, at most {@code limit}. */
    public List<TagOf> tagsOf(Long personId, int limit) {
        return sql.list("SELECT t.name, pt.tagged_at FROM person_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.person_id = ? "
                + "ORDER BY pt.tagged_at DESC LIMIT ?", List.of(personId, limit), rs -> new TagOf(rs.getString(1), rs.getTimestamp(2).toInstant()));
    }
}
