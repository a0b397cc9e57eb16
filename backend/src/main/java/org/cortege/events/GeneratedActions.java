package org.cortege.events;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * Events' bulk writes for generated data (the demo command and the benchmarks): published one-date
 * actions and their date, many per statement, so only events writes its tables. Never for a real
 * action: those are published through {@link EventService}.
 */
@Singleton
public class GeneratedActions {

    /** One generated action of a group, on one date, at a pinned point. */
    public record Generated(String slug, long groupId, String title, String type, String descriptionMd, String descriptionHtml,
                            ZoneId zone, LocalDateTime start, LocalDateTime end, String address, String postalCode,
                            String inseeCode, String commune, String departement, double lat, double lng, Instant createdAt) {
    }

    private final Sql sql;

    GeneratedActions(Sql sql) {
        this.sql = sql;
    }

    /** Writes these actions, published, each with its one date, in one transaction; returns how many. */
    @Transactional
    public int insert(List<Generated> actions) {
        if (actions.isEmpty()) {
            return 0;
        }
        List<List<Object>> rows = new ArrayList<>(actions.size());
        for (Generated a : actions) {
            rows.add(Arrays.asList(Tokens.newPublicId(), a.slug(), a.groupId(), a.title(), a.type(), a.descriptionMd(),
                    a.descriptionHtml(), a.zone().getId(), a.start(), a.end(), a.address(), a.postalCode(), a.inseeCode(),
                    a.commune(), a.departement(), a.lat(), a.lng(), EventStatus.PUBLISHED.name(), a.createdAt(), a.createdAt()));
        }
        sql.batch("INSERT INTO event (public_id, slug, group_id, title, type, description_md, description_html, time_zone, "
                + "local_start, local_end, all_day, address, postal_code, insee_code, commune, departement, lat, lng, geo_precision, "
                + "status, sequence, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, ?, ?, 'manual', ?, 0, ?, ?)", rows);

        List<Object> slugs = new ArrayList<>(actions.stream().map(Generated::slug).toList());
        Map<String, Long> ids = new HashMap<>();
        sql.list("SELECT id, slug FROM event WHERE slug IN (" + Sql.marks(slugs.size()) + ")", slugs,
                rs -> ids.put(rs.getString(2), rs.getLong(1)));
        List<List<Object>> dates = new ArrayList<>(actions.size());
        for (Generated a : actions) {
            Instant start = a.start().atZone(a.zone()).toInstant();
            Instant end = a.end().atZone(a.zone()).toInstant();
            dates.add(Arrays.asList(Tokens.newPublicId(), ids.get(a.slug()), start, start, end, OccurrenceState.ON.name(),
                    a.groupId(), a.type(), a.departement(), a.lat(), a.lng()));
        }
        sql.batch("INSERT INTO event_occurrence (public_id, event_id, recurrence_id, starts_at, ends_at, state, group_id, type, "
                + "departement, lat, lng) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", dates);
        return actions.size();
    }
}
