package org.cortege.people;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface UserSessionRepository extends CrudRepository<UserSession, Long> {

    Optional<UserSession> findByTokenHash(String tokenHash);

    @Query(value = "UPDATE user_session SET last_seen_at = :now, expires_at = :expiresAt WHERE id = :id", nativeQuery = true)
    void extend(Long id, Instant now, Instant expiresAt);

    @Query(value = "UPDATE user_session SET second_factor_at = :at WHERE id = :id", nativeQuery = true)
    void markSecondFactor(Long id, Instant at);

    @Query(value = "UPDATE user_session SET second_factor_at = NULL WHERE person_id = :personId", nativeQuery = true)
    void forgetSecondFactor(Long personId);

    @Query(value = "UPDATE user_session SET token_hash = :tokenHash WHERE id = :id", nativeQuery = true)
    void rotate(Long id, String tokenHash);

    @Query(value = "DELETE FROM user_session WHERE id = :id", nativeQuery = true)
    int deleteOne(Long id);

    @Query(value = "DELETE FROM user_session WHERE token_hash = :tokenHash", nativeQuery = true)
    int deleteByTokenHashValue(String tokenHash);

    @Query(value = "DELETE FROM user_session WHERE person_id = :personId", nativeQuery = true)
    int deleteAllOf(Long personId);

    @Query(value = "DELETE FROM user_session WHERE expires_at < :now", nativeQuery = true)
    int deleteExpired(Instant now);
}
