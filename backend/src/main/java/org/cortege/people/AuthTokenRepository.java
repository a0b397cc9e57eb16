package org.cortege.people;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface AuthTokenRepository extends CrudRepository<AuthToken, Long> {

    @Query(value = "SELECT * FROM auth_token WHERE token_hash = :tokenHash FOR UPDATE", nativeQuery = true)
    Optional<AuthToken> findByTokenHashForUpdate(String tokenHash);

    /** The newest login token of a person still open, locked so concurrent guesses are counted one by one. */
    @Query(value = "SELECT * FROM auth_token WHERE person_id = :personId AND purpose = 'LOGIN' AND used_at IS NULL "
            + "AND expires_at > :now ORDER BY id DESC LIMIT 1 FOR UPDATE", nativeQuery = true)
    Optional<AuthToken> findOpenLoginForUpdate(Long personId, Instant now);

    /** Every login token of a person still open (at most a handful: requests are limited per address), locked. */
    @Query(value = "SELECT * FROM auth_token WHERE person_id = :personId AND purpose = 'LOGIN' AND used_at IS NULL "
            + "AND expires_at > :now ORDER BY id DESC LIMIT 20 FOR UPDATE", nativeQuery = true)
    java.util.List<AuthToken> findOpenLoginsForUpdate(Long personId, Instant now);

    @Query(value = "UPDATE auth_token SET used_at = :now WHERE id = :id AND used_at IS NULL", nativeQuery = true)
    int markUsed(Long id, Instant now);

    @Query(value = "UPDATE auth_token SET attempts = attempts + 1 WHERE id = :id", nativeQuery = true)
    void countAttempt(Long id);

    /** Older open tokens of the same purpose stop working when a new one is sent. */
    @Query(value = "UPDATE auth_token SET used_at = :now WHERE person_id = :personId AND purpose = :purpose AND used_at IS NULL",
            nativeQuery = true)
    void closeOpen(Long personId, String purpose, Instant now);

    @Query(value = "DELETE FROM auth_token WHERE expires_at < :before", nativeQuery = true)
    int deleteExpiredBefore(Instant before);
}
