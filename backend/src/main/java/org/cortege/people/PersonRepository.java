package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface PersonRepository extends CrudRepository<Person, Long> {

    /** The last sign of a person's activity: created, confirmed, active on the site, or came to an action. */
    String ACTIVITY = "GREATEST(p.created_at, COALESCE(p.confirmed_at, p.created_at), "
            + "COALESCE(p.last_active_at, p.created_at), COALESCE(p.last_attended_at, p.created_at))";

    @Query(value = "UPDATE person p SET retention_notice_at = NULL WHERE retention_notice_at IS NOT NULL AND " + ACTIVITY
            + " > retention_notice_at", nativeQuery = true)
    int clearRetentionNoticesOfActive();

    @Query(value = "SELECT p.id FROM person p WHERE p.retention_notice_at < :before AND NOT p.admin ORDER BY p.id LIMIT :limit",
            nativeQuery = true)
    List<Long> findNoticedBefore(java.time.Instant before, int limit);

    @Query(value = "SELECT p.id FROM person p WHERE p.retention_notice_at IS NULL AND NOT p.admin "
            + "AND p.status IN ('CONFIRMED', 'CONTACT') AND " + ACTIVITY + " < :since ORDER BY p.id LIMIT :limit", nativeQuery = true)
    List<Long> findInactiveSince(java.time.Instant since, int limit);

    Optional<Person> findByEmail(String email);

    /** The communes people live in, as stored with their point. */
    @Query(value = "SELECT DISTINCT postal_code, insee_code FROM person WHERE insee_code IS NOT NULL AND lat IS NOT NULL", nativeQuery = true)
    List<org.cortege.geo.StoredPlace> findCommunePlaces();

    @Query(value = "UPDATE person SET lat = :lat, lng = :lng, geo_precision = :precision WHERE postal_code = :postalCode "
            + "AND insee_code = :inseeCode AND (lat <> :lat OR lng <> :lng OR geo_precision <> :precision)", nativeQuery = true)
    int movePlace(String postalCode, String inseeCode, double lat, double lng, String precision);

    Optional<Person> findByPublicId(String publicId);

    List<Person> findByIdIn(java.util.Collection<Long> ids);

    /** {@code person.relation} and {@code relation_since}, read without the rest of the row. */
    @io.micronaut.core.annotation.Introspected
    record RelationRow(@io.micronaut.core.annotation.Nullable String relation,
                       @io.micronaut.core.annotation.Nullable java.time.LocalDate relationSince) {
    }

    @Query(value = "SELECT relation, relation_since FROM person WHERE id = :id", nativeQuery = true)
    Optional<RelationRow> findRelation(Long id);

    @Query(value = "UPDATE person SET relation = :relation, relation_since = :since, updated_at = :now WHERE id = :id", nativeQuery = true)
    void updateRelation(Long id, @io.micronaut.core.annotation.Nullable String relation,
                        @io.micronaut.core.annotation.Nullable java.time.LocalDate since, Instant now);

    List<Person> findByPublicIdIn(java.util.Collection<String> publicIds);

    List<Person> findTop50ByAdminAndStatus(boolean admin, PersonStatus status);

    @Query(value = "UPDATE person SET status = :status, updated_at = :now WHERE id = :id", nativeQuery = true)
    void setStatus(Long id, PersonStatus status, Instant now);

    @Query(value = "SELECT last_attended_at FROM person WHERE id = :id", nativeQuery = true)
    Optional<java.time.Instant> findLastAttended(Long id);

    @Query(value = "UPDATE person SET last_attended_at = :at WHERE id = :id", nativeQuery = true)
    void updateLastAttended(Long id, @io.micronaut.core.annotation.Nullable java.time.Instant at);

    @Query(value = "UPDATE person SET retention_notice_at = :at WHERE id = :id AND retention_notice_at IS NULL", nativeQuery = true)
    int markRetentionNotice(Long id, java.time.Instant at);

    @Query(value = "SELECT * FROM person WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<Person> findByIdForUpdate(Long id);

    /** Locks the row: two sign-ups with one email in the same instant see each other. */
    @Query(value = "SELECT * FROM person WHERE email = :email FOR UPDATE", nativeQuery = true)
    Optional<Person> findByEmailForUpdate(String email);

    @Query("UPDATE person SET status = 'CONFIRMED', confirmed_at = COALESCE(confirmed_at, :now), admin = (:admin OR admin_granted), "
            + "last_active_at = :now, updated_at = :now WHERE id = :id AND status <> 'BANNED'")
    int confirm(Long id, boolean admin, Instant now);

    /** As {@link #confirm}, only for someone not yet confirmed: 1 for the one transaction that confirms them, 0 for any other. */
    @Query("UPDATE person SET status = 'CONFIRMED', confirmed_at = COALESCE(confirmed_at, :now), admin = (:admin OR admin_granted), "
            + "last_active_at = :now, updated_at = :now WHERE id = :id AND status NOT IN ('BANNED', 'CONFIRMED')")
    int confirmPending(Long id, boolean admin, Instant now);

    @Query(value = "UPDATE person SET admin = :admin, updated_at = :now WHERE id = :id", nativeQuery = true)
    void setAdmin(Long id, boolean admin, Instant now);

    /** The operator's grant (command line): an admin whatever CORTEGE_ADMIN_EMAILS says, until revoked. */
    @Query(value = "UPDATE person SET admin_granted = :granted, admin = (:granted OR :listed), status = 'CONFIRMED', "
            + "confirmed_at = COALESCE(confirmed_at, :now), updated_at = :now WHERE id = :id", nativeQuery = true)
    int setAdminGrant(Long id, boolean granted, boolean listed, Instant now);

    @Query("UPDATE person SET first_name = :firstName, last_name = :lastName, phone = :phone, birth_date = :birthDate, "
            + "postal_code = :postalCode, insee_code = :inseeCode, commune = :commune, departement = :departement, "
            + "lat = :lat, lng = :lng, geo_precision = :geoPrecision, updated_at = :now WHERE id = :id")
    void updateProfile(Long id, String firstName, String lastName, @Nullable String phone, @Nullable LocalDate birthDate,
                       String postalCode, String inseeCode, String commune, String departement, double lat, double lng,
                       String geoPrecision, Instant now);

    @Query(value = "SELECT interest_key FROM person_interest WHERE person_id = :personId ORDER BY interest_key", nativeQuery = true)
    List<String> findInterests(Long personId);

    @Query(value = "DELETE FROM person_interest WHERE person_id = :personId", nativeQuery = true)
    void deleteInterests(Long personId);

    @Query(value = "INSERT INTO consent (person_id, purpose, version, locale, wording, given_at) "
            + "VALUES (:personId, :purpose, :version, :locale, :wording, :givenAt)", nativeQuery = true)
    void insertConsent(Long personId, String purpose, String version, String locale, String wording, Instant givenAt);

    /** Sign-ups never confirmed: their consent was never proven, so they are not kept. */
    @Query(value = "DELETE FROM person WHERE status = 'PENDING' AND created_at < :before LIMIT 1000", nativeQuery = true)
    int deletePendingCreatedBefore(Instant before);

    @Query(value = "UPDATE person SET last_active_at = :now WHERE id = :id", nativeQuery = true)
    void touch(Long id, Instant now);

    @Query(value = "UPDATE person SET email = :email, updated_at = :now WHERE id = :id", nativeQuery = true)
    void updateEmail(Long id, String email, Instant now);

    @Query(value = "UPDATE person SET email_consent = FALSE, email_consent_at = :now, updated_at = :now "
            + "WHERE id = :id AND email_consent", nativeQuery = true)
    int withdrawEmailConsent(Long id, Instant now);

    @Query(value = "UPDATE person SET email_consent = TRUE, email_consent_at = :now, updated_at = :now "
            + "WHERE id = :id AND NOT email_consent", nativeQuery = true)
    int giveEmailConsent(Long id, Instant now);

    @Query(value = "INSERT INTO consent (person_id, purpose, version, locale, wording, given_at, withdrawn_at) "
            + "VALUES (:personId, :purpose, :version, :locale, :wording, :givenAt, :withdrawnAt)", nativeQuery = true)
    void insertWithdrawnConsent(Long personId, String purpose, String version, String locale, String wording, Instant givenAt,
                                Instant withdrawnAt);

    @Query(value = "SELECT purpose, version, locale, wording, given_at, withdrawn_at FROM consent WHERE person_id = :personId "
            + "ORDER BY given_at, id", nativeQuery = true)
    List<ConsentRecord> findConsents(Long personId);

    @Query(value = "SELECT COUNT(*) FROM consent WHERE person_id = :personId AND purpose = 'signup' AND withdrawn_at IS NULL",
            nativeQuery = true)
    long countOpenSignupConsents(Long personId);
}
