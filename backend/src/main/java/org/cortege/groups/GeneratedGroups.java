package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.geo.Place;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * Groups' bulk writes for generated data (the demo command and the benchmarks): published groups
 * and their founders' memberships, many per statement, so only groups writes its tables. Never
 * for a real group: those are founded through {@link GroupService}.
 */
@Singleton
public class GeneratedGroups {

    /** One generated group; {@code founderId} null for a group nobody founded (no member). */
    public record Generated(String slug, String name, String type, String descriptionMd, String descriptionHtml, Place place,
                            double lat, double lng, @Nullable Long founderId, Instant createdAt) {
    }

    /** Where a published group meets: what a generated action of the group needs. */
    public record Spot(long groupId, double lat, double lng, String postalCode, String inseeCode, String commune,
                       String departement) {
    }

    private final Sql sql;

    GeneratedGroups(Sql sql) {
        this.sql = sql;
    }

    /** Writes these groups, published, with their founders as members, in one transaction; returns how many. */
    @Transactional
    public int insert(List<Generated> groups) {
        if (groups.isEmpty()) {
            return 0;
        }
        List<List<Object>> rows = new ArrayList<>(groups.size());
        for (Generated g : groups) {
            Place p = g.place();
            rows.add(Arrays.asList(Tokens.newPublicId(), g.slug(), g.name(), g.slug(), g.type(), g.descriptionMd(),
                    g.descriptionHtml(), p.country(), p.postalCode(), p.inseeCode(), p.commune(), p.departement(), g.lat(), g.lng(),
                    p.precision(), GroupStatus.PUBLISHED.name(), g.founderId() == null ? 0 : 1, g.founderId(), g.createdAt(),
                    g.createdAt()));
        }
        sql.batch("INSERT INTO support_group (public_id, slug, name, name_key, type, description_md, description_html, country, "
                + "postal_code, insee_code, commune, departement, lat, lng, geo_precision, status, member_count, created_by, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);

        List<Generated> founded = groups.stream().filter(g -> g.founderId() != null).toList();
        if (!founded.isEmpty()) {
            List<Object> slugs = new ArrayList<>(founded.stream().map(Generated::slug).toList());
            Map<String, Long> ids = new HashMap<>();
            sql.list("SELECT id, slug FROM support_group WHERE slug IN (" + Sql.marks(slugs.size()) + ")", slugs,
                    rs -> ids.put(rs.getString(2), rs.getLong(1)));
            List<List<Object>> members = new ArrayList<>(founded.size());
            for (Generated g : founded) {
                members.add(List.of(ids.get(g.slug()), g.founderId(), MemberRole.FOUNDER.name(), g.createdAt(), g.createdAt()));
            }
            sql.batch("INSERT INTO group_membership (group_id, person_id, role, share_contact, share_contact_at, joined_at) "
                    + "VALUES (?, ?, ?, TRUE, ?, ?)", members);
        }
        return groups.size();
    }

    /** Where every published group meets. */
    public List<Spot> publishedSpots() {
        return sql.list("SELECT id, lat, lng, postal_code, insee_code, commune, departement FROM support_group WHERE status = ?",
                List.of(GroupStatus.PUBLISHED.name()), rs -> new Spot(rs.getLong(1), rs.getDouble(2), rs.getDouble(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
    }
}
