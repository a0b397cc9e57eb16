package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface GroupRepository extends CrudRepository<SupportGroup, Long> {

    Optional<SupportGroup> findBySlug(String slug);

    Optional<SupportGroup> findByPublicId(String publicId);

    /** A group by public id or slug, hidden or not (nothing for what cannot be either). */
    default Optional<SupportGroup> findByIdOrSlug(String idOrSlug) {
        if (idOrSlug == null || idOrSlug.isEmpty() || idOrSlug.length() > 140) {
            return Optional.empty();
        }
        return findByPublicId(idOrSlug).or(() -> findBySlug(idOrSlug));
    }

    boolean existsBySlug(String slug);

    boolean existsByNameKeyAndInseeCode(String nameKey, String inseeCode);

    long countByCreatedByAndType(Long createdBy, String type);

    @Query(value = "SELECT * FROM support_group WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<SupportGroup> findByIdForUpdate(Long id);

    @Query("UPDATE support_group SET name = :name, name_key = :nameKey, type = :type, description_md = :descriptionMd, "
            + "description_html = :descriptionHtml, postal_code = :postalCode, insee_code = :inseeCode, commune = :commune, "
            + "departement = :departement, address = :address, lat = :lat, lng = :lng, geo_precision = :geoPrecision, "
            + "contact_email = :contactEmail, updated_at = :now WHERE id = :id")
    void updateDetails(Long id, String name, String nameKey, String type, String descriptionMd, String descriptionHtml,
                       String postalCode, String inseeCode, String commune, String departement, @Nullable String address,
                       double lat, double lng, String geoPrecision, @Nullable String contactEmail, Instant now);

    @Query(value = "UPDATE support_group SET member_count = (SELECT COUNT(*) FROM group_membership WHERE group_id = :id) "
            + "WHERE id = :id", nativeQuery = true)
    void refreshMemberCount(Long id);

    @Query(value = "UPDATE support_group SET status = :status, hidden_reason = :reason, hidden_at = :at, updated_at = NOW(6) "
            + "WHERE id = :id", nativeQuery = true)
    void setStatus(Long id, GroupStatus status, @Nullable String reason, @Nullable Instant at);

    @Query(value = "UPDATE support_group SET last_activity_at = :at WHERE id = :id AND last_activity_at < :at", nativeQuery = true)
    void touch(Long id, Instant at);

    /** The communes groups sit on by their commune's point (not a pin their organizers placed). */
    @Query(value = "SELECT DISTINCT postal_code, insee_code FROM support_group WHERE geo_precision <> 'manual'", nativeQuery = true)
    List<org.cortege.geo.StoredPlace> findCommunePlaces();

    @Query(value = "UPDATE support_group SET lat = :lat, lng = :lng, geo_precision = :precision WHERE postal_code = :postalCode "
            + "AND insee_code = :inseeCode AND geo_precision <> 'manual' AND (lat <> :lat OR lng <> :lng OR geo_precision <> :precision)",
            nativeQuery = true)
    int movePlace(String postalCode, String inseeCode, double lat, double lng, String precision);

    /** Published groups, most recently changed first (for the sitemap). */
    @Query(value = "SELECT id, slug, updated_at FROM support_group WHERE status = 'PUBLISHED' ORDER BY updated_at DESC LIMIT :limit",
            nativeQuery = true)
    List<Listed> findListed(int limit);

    @io.micronaut.core.annotation.Introspected
    record Listed(Long id, String slug, java.time.Instant updatedAt) {
    }

    @Query(value = "SELECT public_id FROM support_group WHERE created_by = :personId AND status = 'PUBLISHED'", nativeQuery = true)
    List<String> findPublishedCreatedBy(Long personId);

    @Query(value = "UPDATE support_group SET status = 'HIDDEN', hidden_reason = :reason, hidden_at = :at, updated_at = :at "
            + "WHERE created_by = :personId AND status = 'PUBLISHED'", nativeQuery = true)
    void hideAllCreatedBy(Long personId, String reason, Instant at);

    // Memberships

    @Query(value = "SELECT group_id, person_id, role, share_contact, share_contact_at, joined_at FROM group_membership "
            + "WHERE group_id = :groupId AND person_id = :personId", nativeQuery = true)
    Optional<Membership> findMembership(Long groupId, Long personId);

    @Query(value = "SELECT m.group_id, m.person_id, m.role, m.share_contact, m.share_contact_at, m.joined_at FROM group_membership m "
            + "JOIN person p ON p.id = m.person_id WHERE m.group_id = :groupId AND p.public_id = :personPublicId", nativeQuery = true)
    Optional<Membership> findMembershipByPersonPublicId(Long groupId, String personPublicId);

    /** The founder and managers, to tell them about their group (at most 20). */
    @Query(value = "SELECT m.person_id, p.public_id, p.email, p.first_name, p.locale FROM group_membership m "
            + "JOIN person p ON p.id = m.person_id WHERE m.group_id = :groupId AND m.role IN ('FOUNDER', 'MANAGER') "
            + "AND p.status = 'CONFIRMED' ORDER BY m.role = 'FOUNDER' DESC, m.joined_at LIMIT 20", nativeQuery = true)
    java.util.List<Recipient> findManagerRecipients(Long groupId);

    /** The longest-serving manager, to take over from a founder who leaves. */
    /** The longest-serving manager who is a confirmed supporter (never a banned or erased-pending one). */
    @Query(value = "SELECT m.person_id FROM group_membership m JOIN person p ON p.id = m.person_id WHERE m.group_id = :groupId "
            + "AND m.role = 'MANAGER' AND p.status = 'CONFIRMED' ORDER BY m.joined_at, m.person_id LIMIT 1", nativeQuery = true)
    Optional<Long> findSeniorManager(Long groupId);

    @Query(value = "INSERT INTO group_membership (group_id, person_id, role, share_contact, share_contact_at, joined_at) "
            + "VALUES (:groupId, :personId, :role, :shareContact, :shareContactAt, :joinedAt)", nativeQuery = true)
    void insertMembership(Long groupId, Long personId, MemberRole role, boolean shareContact, @Nullable Instant shareContactAt,
                          Instant joinedAt);

    /** The longest-standing member who is a confirmed supporter (a banned member never inherits a group). */
    @Query(value = "SELECT m.person_id FROM group_membership m JOIN person p ON p.id = m.person_id WHERE m.group_id = :groupId "
            + "AND p.status = 'CONFIRMED' ORDER BY m.joined_at, m.person_id LIMIT 1", nativeQuery = true)
    Optional<Long> findSeniorMember(Long groupId);

    @Query(value = "SELECT id FROM support_group WHERE contact_email = :email ORDER BY id", nativeQuery = true)
    List<Long> findIdsByContactEmail(String email);

    @Query(value = "SELECT COUNT(*) FROM group_membership WHERE group_id = :groupId AND role = 'FOUNDER'", nativeQuery = true)
    long countFounders(Long groupId);

    @Query(value = "SELECT group_id FROM group_membership WHERE person_id = :personId ORDER BY group_id", nativeQuery = true)
    List<Long> findGroupIdsOf(Long personId);

    @Query(value = "UPDATE support_group SET contact_email = NULL WHERE id = :id AND contact_email = :email", nativeQuery = true)
    int clearContactEmail(Long id, String email);

    @Query(value = "DELETE FROM group_membership WHERE group_id = :groupId AND person_id = :personId", nativeQuery = true)
    int deleteMembership(Long groupId, Long personId);

    @Query(value = "UPDATE group_membership SET role = :role WHERE group_id = :groupId AND person_id = :personId", nativeQuery = true)
    int updateRole(Long groupId, Long personId, MemberRole role);

    @Query(value = "UPDATE group_membership SET share_contact = :shareContact, share_contact_at = :at "
            + "WHERE group_id = :groupId AND person_id = :personId", nativeQuery = true)
    void updateShareContact(Long groupId, Long personId, boolean shareContact, @Nullable Instant at);

    @Query(value = "SELECT COUNT(*) FROM group_membership WHERE group_id = :groupId AND role IN ('FOUNDER', 'MANAGER')",
            nativeQuery = true)
    long countManagers(Long groupId);

    @Query(value = "SELECT p.first_name FROM group_membership m JOIN person p ON p.id = m.person_id "
            + "WHERE m.group_id = :groupId AND m.role IN ('FOUNDER', 'MANAGER') ORDER BY m.role = 'FOUNDER' DESC, m.joined_at "
            + "LIMIT 20", nativeQuery = true)
    List<String> findManagerFirstNames(Long groupId);

    @Query(value = "SELECT m.person_id, p.public_id, p.first_name, p.last_name, p.email, p.phone, m.role, m.share_contact, "
            + "m.joined_at FROM group_membership m JOIN person p ON p.id = m.person_id WHERE m.group_id = :groupId "
            + "ORDER BY FIELD(m.role, 'FOUNDER', 'MANAGER', 'MEMBER'), m.joined_at LIMIT :limit OFFSET :offset", nativeQuery = true)
    List<MemberRow> findMembers(Long groupId, int limit, int offset);

    @Query(value = "SELECT g.* FROM support_group g JOIN group_membership m ON m.group_id = g.id "
            + "WHERE m.person_id = :personId ORDER BY g.name LIMIT 200", nativeQuery = true)
    List<SupportGroup> findGroupsOf(Long personId);

    @Query(value = "SELECT m.person_id, p.public_id, p.email, p.first_name, p.locale FROM group_membership m "
            + "JOIN person p ON p.id = m.person_id WHERE m.group_id = :groupId AND p.status = 'CONFIRMED'", nativeQuery = true)
    List<Recipient> findRecipients(Long groupId);

    @Query(value = "SELECT m.person_id FROM group_membership m JOIN person p ON p.id = m.person_id "
            + "WHERE m.group_id = :groupId AND p.status = 'CONFIRMED' ORDER BY m.person_id", nativeQuery = true)
    List<Long> findConfirmedMemberIds(Long groupId);

    @Query(value = "INSERT INTO group_message (public_id, group_id, author_id, subject, body, recipients, created_at) "
            + "VALUES (:publicId, :groupId, :authorId, :subject, :body, :recipients, :createdAt)", nativeQuery = true)
    void insertMessage(String publicId, Long groupId, Long authorId, String subject, String body, int recipients, Instant createdAt);

    @Query(value = "SELECT m.public_id, g.public_id AS group_public_id, g.name AS group_name, g.slug AS group_slug, m.author_id, "
            + "m.subject, m.body, m.created_at FROM group_message m JOIN support_group g ON g.id = m.group_id WHERE m.public_id = :publicId",
            nativeQuery = true)
    Optional<GroupMessage> findMessage(String publicId);

    @Query(value = "SELECT role FROM group_membership WHERE group_id = :groupId AND person_id = :personId", nativeQuery = true)
    Optional<String> findRole(Long groupId, Long personId);
}
