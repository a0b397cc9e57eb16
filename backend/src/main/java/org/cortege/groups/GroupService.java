package org.cortege.groups;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cortege.counters.CountersService;
import org.cortege.geo.GeoService;
import org.cortege.geo.Place;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;
import org.cortege.shared.RichText;
import org.cortege.shared.Slugs;
import org.cortege.shared.Tokens;

/**
 * The groups feature's public API: founding, editing and finding groups, joining and leaving,
 * roles. Groups are public the moment they are created; moderation comes after the fact.
 */
@Singleton
public class GroupService {

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    /** How far (km) a dropped pin may lie from the centre of the group's commune. */
    static final double MAX_PIN_DISTANCE_KM = 60;

    private final GroupRepository groups;
    private final GroupSearch search;
    private final GroupTypes types;
    private final GeoService geo;
    private final RichText richText;
    private final CountersService counters;
    private final int maxFoundedPerType;
    private final ApplicationEventPublisher<GroupStatusChanged> statusChanges;
    private final MembershipService memberships;
    private final org.cortege.people.PersonService people;

    GroupService(GroupRepository groups, GroupSearch search, GroupTypes types, GeoService geo, RichText richText,
                 CountersService counters, @Property(name = "cortege.groups.max-founded-per-type") int maxFoundedPerType,
                 ApplicationEventPublisher<GroupStatusChanged> statusChanges, MembershipService memberships, org.cortege.shared.Sql personalSql,
                 org.cortege.people.PersonService people) {
        this.personalSql = personalSql;
        this.people = people;
        this.memberships = memberships;
        this.statusChanges = statusChanges;
        this.groups = groups;
        this.search = search;
        this.types = types;
        this.geo = geo;
        this.richText = richText;
        this.counters = counters;
        this.maxFoundedPerType = maxFoundedPerType;
    }

    /**
     * Founds a group, published at once, with its founder as first member (sharing contact).
     *
     * @throws ApiException 400 on a missing or invalid field, 409 when the commune already has a group
     *                      of that name or the founder reached the limit of groups of that type
     */
    @Transactional
    public SupportGroup create(Person founder, GroupCommand c) {
        require(c.name(), "name");
        require(c.type(), "type");
        require(c.postalCode(), "postalCode");
        String type = type(c.type());
        people.lock(founder.id()); // one founder's groups are counted one creation at a time (two tabs cannot pass the limit)
        if (groups.countByCreatedByAndType(founder.id(), type) >= maxFoundedPerType) {
            throw ApiException.of(HttpStatus.CONFLICT, "group-limit", "problem.groupLimit", maxFoundedPerType);
        }
        String name = clean(c.name());
        GeoService.Located where = geo.locate(c.postalCode(), c.inseeCode(), c.lat(), c.lng(), MAX_PIN_DISTANCE_KM);
        String nameKey = Slugs.nameKey(name);
        if (groups.existsByNameKeyAndInseeCode(nameKey, where.place().inseeCode())) {
            throw ApiException.invalidField("name", "validation.groupNameTaken");
        }
        Instant now = Instant.now();
        String description = c.description() == null ? "" : c.description().strip();
        SupportGroup group;
        try {
            group = groups.save(new SupportGroup(null, Tokens.newPublicId(), freeSlug(name, where.place().commune()), name,
                    nameKey, type, description, richText.toHtml(description), where.place().country(), where.place().postalCode(), where.place().inseeCode(),
                    where.place().commune(), where.place().departement(), blankToNull(c.address()), where.lat(), where.lng(),
                    where.precision(), blankToNull(c.contactEmail()), GroupStatus.PUBLISHED, null, null, 0, founder.id(), now, now));
        } catch (RuntimeException e) {
            if (org.cortege.shared.Retry.isDuplicateKey(e)) {
                // the same name in the same commune founded by someone else at the same instant (or a slug taken meanwhile,
                // which a new try resolves): a 400 or 409 saying so, never a 500
                if (groups.existsByNameKeyAndInseeCode(nameKey, where.place().inseeCode())) {
                    throw ApiException.invalidField("name", "validation.groupNameTaken");
                }
                throw ApiException.of(HttpStatus.CONFLICT, "try-again", "problem.tryAgain");
            }
            throw e;
        }
        groups.insertMembership(group.id(), founder.id(), MemberRole.FOUNDER, true, now, now);
        groups.refreshMemberCount(group.id());
        counters.invalidate();
        return groups.findById(group.id()).orElseThrow();
    }

    /**
     * Applies the managers' changes; null fields keep their value.
     *
     * @throws ApiException 403 without the right, 400/409 as for {@link #create}
     */
    @Transactional
    public SupportGroup update(Person actor, String idOrSlug, GroupCommand c) {
        SupportGroup g = find(idOrSlug);
        if (!GroupPermissions.canEdit(actor(actor, g), g)) {
            throw forbidden();
        }
        String name = c.name() == null ? g.name() : clean(c.name());
        String type = c.type() == null ? g.type() : type(c.type());
        boolean moved = c.postalCode() != null || c.inseeCode() != null || c.lat() != null || c.lng() != null;
        GeoService.Located where = moved
                ? geo.locate(c.postalCode() == null ? g.postalCode() : c.postalCode(),
                        c.inseeCode() == null && c.postalCode() == null ? g.inseeCode() : c.inseeCode(), c.lat(), c.lng(),
                        MAX_PIN_DISTANCE_KM)
                : new GeoService.Located(new Place(g.country(), g.postalCode(), g.inseeCode(), g.commune(), g.departement(), 0, g.lat(), g.lng(),
                        g.geoPrecision()), g.lat(), g.lng(), g.geoPrecision());
        String nameKey = Slugs.nameKey(name);
        if ((!nameKey.equals(g.nameKey()) || !where.place().inseeCode().equals(g.inseeCode()))
                && groups.existsByNameKeyAndInseeCode(nameKey, where.place().inseeCode())) {
            throw ApiException.invalidField("name", "validation.groupNameTaken");
        }
        String description = c.description() == null ? g.descriptionMd() : c.description().strip();
        String address = c.address() == null ? g.address() : blankToNull(c.address());
        String contact = c.contactEmail() == null ? g.contactEmail() : blankToNull(c.contactEmail());
        groups.updateDetails(g.id(), name, nameKey, type, description, richText.toHtml(description), where.place().postalCode(),
                where.place().inseeCode(), where.place().commune(), where.place().departement(), address, where.lat(), where.lng(),
                where.precision(), contact, Instant.now());
        return groups.findById(g.id()).orElseThrow();
    }

    /**
     * A group by public id or slug, as the viewer (null: anonymous) sees it.
     *
     * @throws ApiException 404 when unknown, 410 when hidden by moderation (admins still see it)
     */
    public GroupView view(String idOrSlug, Person viewer, Locale locale) {
        SupportGroup g = find(idOrSlug);
        GroupPermissions.Actor a = actor(viewer, g);
        if (!GroupPermissions.canView(a, g)) {
            throw ApiException.of(HttpStatus.GONE, "group-hidden", "problem.groupHidden");
        }
        return new GroupView(g.publicId(), g.slug(), g.name(), g.type(), types.label(g.type(), locale), g.descriptionMd(),
                g.descriptionHtml(), g.postalCode(), g.inseeCode(), g.commune(), g.departement(), g.address(), g.lat(), g.lng(),
                g.geoPrecision(), g.contactEmail(), g.memberCount(), groups.findManagerFirstNames(g.id()), g.createdAt(),
                a.membership() == null ? null : a.membership().role(),
                a.membership() == null ? null : a.membership().shareContact(),
                GroupPermissions.granted(a, g, a.isAtLeastManager() ? (int) groups.countManagers(g.id()) : 0), g.isHidden(),
                g.isHidden() ? shownReason(g.hiddenReason(), a.isAdmin()) : null);
    }

    /** A page of groups and how many there are in all (counted up to 1 000). */
    public record Found(List<GroupSummary> items, long total, boolean totalCapped) {
    }

    /** Published groups near a point (km, nearest first) or newest first; {@code size} ≤ 50. */
    public Found search(GroupSearch.Query q, Locale locale) {
        GroupSearch.Page page = search.search(q);
        return new Found(page.hits().stream().map(h -> summary(h.group(), h.distanceKm(), locale)).toList(), page.total(),
                page.totalCapped());
    }

    /** The groups a person belongs to, with their role, by name. */
    public List<GroupSummary> groupsOf(Person person, Locale locale) {
        return groups.findGroupsOf(person.id()).stream().filter(g -> !g.isHidden()).map(g -> summary(g, null, locale)).toList();
    }

    /** Hides a group (moderation): gone from lists, the map and the counters; its page says so. Returns it. */
    @Transactional
    public SupportGroup hide(String idOrSlug, String reason) {
        SupportGroup g = find(idOrSlug);
        groups.setStatus(g.id(), GroupStatus.HIDDEN, reason, Instant.now());
        statusChanges.publishEvent(new GroupStatusChanged(List.of(g.id())));
        counters.invalidate();
        return groups.findById(g.id()).orElseThrow();
    }

    /** Publishes a hidden group again. Returns it. */
    @Transactional
    public SupportGroup restore(String idOrSlug) {
        SupportGroup g = find(idOrSlug);
        groups.setStatus(g.id(), GroupStatus.PUBLISHED, null, null);
        statusChanges.publishEvent(new GroupStatusChanged(List.of(g.id())));
        counters.invalidate();
        return groups.findById(g.id()).orElseThrow();
    }

    /** Hides every group a person founded (a ban); returns their public ids. */
    @Transactional
    public List<String> hideAllFoundedBy(Long personId, String reason) {
        List<String> hidden = groups.findPublishedCreatedBy(personId);
        groups.hideAllCreatedBy(personId, reason, Instant.now());
        statusChanges.publishEvent(new GroupStatusChanged(hidden.stream().map(id -> groups.findByPublicId(id).orElseThrow().id()).toList()));
        counters.invalidate();
        return hidden;
    }

    /** Something happened in the group (an action published by it): it rises in the list shown without a place. */
    @Transactional
    public void recordActivity(Long groupId) {
        groups.touch(groupId, Instant.now());
    }

    /** A published group's address on the site and when it last changed. */
    public record Listed(Long id, String slug, Instant updatedAt) {
    }

    /** Published groups, most recently changed first, at most {@code limit} (the sitemap). */
    @Transactional(readOnly = true)
    public List<Listed> listed(int limit) {
        return groups.findListed(limit).stream().map(l -> new Listed(l.id(), l.slug(), l.updatedAt())).toList();
    }

    /** A group by public id or slug, hidden or not. */
    public SupportGroup find(String idOrSlug) {
        return groups.findByIdOrSlug(idOrSlug).orElseThrow(GroupService::notFound);
    }

    /**
     * The moderation's reason as its reader may see it: admins read it all; managers read the reason
     * of a hide, but not a ban's (it is about a person, not their group).
     */
    public static String shownReason(String reason, boolean admin) {
        if (reason == null || admin) {
            return reason;
        }
        return reason.startsWith("ban:") ? null : reason;
    }

    /** Whether the person runs the group (founder or manager), hidden or not: they may read what the moderation hid. */
    public boolean runs(Person person, SupportGroup g) {
        return person != null && actor(person, g).isAtLeastManager();
    }

    /** Whether the person may publish and manage the group's actions: its managers, and admins. */
    public boolean canManage(Person person, SupportGroup g) {
        return GroupPermissions.canEdit(actor(person, g), g);
    }

    /** Who to write to about a group: its founder and managers (confirmed), at most 20. */
    public record Manager(Long personId, String email, String firstName, String locale) {
    }

    public List<Manager> managersOf(Long groupId) {
        return groups.findManagerRecipients(groupId).stream().map(r -> new Manager(r.personId(), r.email(), r.firstName(), r.locale())).toList();
    }

    /** A person's address is erased: groups that gave it as their contact address no longer do. Returns how many. */
    @Transactional
    public int forgetContactEmail(String email) {
        // found without locking, then changed by primary key in id order: no scan locking every group
        // (contact_email has no index), so no deadlock with someone joining a group meanwhile
        int cleared = 0;
        for (Long id : groups.findIdsByContactEmail(email)) {
            cleared += groups.clearContactEmail(id, email);
        }
        return cleared;
    }

    /** The group's name as shown to people, by id (hidden or not). */
    public Optional<SupportGroup> findById(Long id) {
        return groups.findById(id);
    }

    private GroupPermissions.Actor actor(Person person, SupportGroup g) {
        return memberships.actor(person, g);
    }

    private GroupSummary summary(SupportGroup g, Double distanceKm, Locale locale) {
        return new GroupSummary(g.publicId(), g.slug(), g.name(), g.type(), types.label(g.type(), locale), g.commune(),
                g.departement(), g.lat(), g.lng(), g.geoPrecision(), g.memberCount(), distanceKm);
    }

    private String type(String key) {
        if (!types.exists(key)) {
            throw ApiException.invalidField("type", "validation.groupTypeUnknown");
        }
        return key;
    }

    private String freeSlug(String name, String commune) {
        String base = Slugs.of(name, 100);
        if (!base.contains(Slugs.of(commune, 40))) {
            base = Slugs.of(base + "-" + commune, 120);
        }
        String slug = base;
        for (int i = 2; groups.existsBySlug(slug) || slug.length() < 3; i++) {
            slug = base + "-" + i;
        }
        return slug;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "validation.NotBlank");
        }
    }

    private static String clean(String s) {
        return s.replaceAll("[\\s\\u00a0\\u202f]+", " ").strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ApiException notFound() {
        return ApiException.of(HttpStatus.NOT_FOUND, "group-not-found", "problem.groupNotFound");
    }

    private static ApiException forbidden() {
        return ApiException.of(HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
    }

    /**
     * After a new geography table, the groups placed on a commune's point move to its new point
     * (a pin placed by hand stays). In the background: on a big instance this is a few thousand updates.
     */
    @io.micronaut.runtime.event.annotation.EventListener
    @io.micronaut.scheduling.annotation.Async
    void onGeoChanged(org.cortege.geo.GeoDatasetChanged changed) {
        int moved = movePlacesToTable();
        if (moved > 0) {
            org.slf4j.LoggerFactory.getLogger(getClass()).info("Geography table changed: {} groups moved to their commune's new point", moved);
        }
    }

    /** Moves the groups on a commune's point to the point the geography table has now; returns how many. */
    public int movePlacesToTable() {
        return geo.moveToTable(groups.findCommunePlaces(), groups::movePlace);
    }


    /** A group someone founded: its name, address and when. */
    public record Founded(String name, String slug, Instant createdAt) {
    }

    /** The groups a person founded, the latest first, at most {@code limit}. */
    public List<Founded> foundedBy(Long personId, int limit) {
        return personalSql.list("SELECT name, slug, created_at FROM support_group WHERE created_by = ? ORDER BY id DESC LIMIT ?",
                List.of(personId, limit), rs -> new Founded(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
    }
}
