package org.cortege.people;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Tokens;

/**
 * Sessions as database rows behind an HttpOnly cookie: any app node can serve any user, logout
 * deletes the row, "log out everywhere" deletes them all. The cookie holds a random token, the row
 * its hash. Sessions slide: each use after an hour pushes the expiry back by the full TTL.
 */
@Singleton
public class SessionService {

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    private static final Duration REFRESH_AFTER = Duration.ofHours(1);

    private final UserSessionRepository sessions;
    private final PersonService people;
    private final InstanceSettings settings;
    private final String cookieName;
    private final Duration ttl;
    private final io.micronaut.context.event.ApplicationEventPublisher<SignedIn> signIns;
    @jakarta.inject.Inject
    io.micronaut.context.event.ApplicationEventPublisher<SignedOutEverywhere> signOuts;

    SessionService(UserSessionRepository sessions, PersonService people, InstanceSettings settings,
                   @Property(name = "cortege.session.cookie-name") String cookieName,
                   @Property(name = "cortege.session.ttl") Duration ttl, org.cortege.shared.Sql personalSql,
                   io.micronaut.context.event.ApplicationEventPublisher<SignedIn> signIns) {
        this.signIns = signIns;
        this.personalSql = personalSql;
        this.sessions = sessions;
        this.people = people;
        this.settings = settings;
        this.cookieName = cookieName;
        this.ttl = ttl;
    }

    /** Opens a session for the person and returns the cookie that carries it; tells who listens ({@link SignedIn}). */
    @Transactional
    public Cookie open(Person person, HttpRequest<?> request) {
        String token = Tokens.newToken();
        Instant now = Instant.now();
        sessions.save(new UserSession(null, Tokens.hash(token), person.id(), now, now, now.plus(ttl), null));
        signIns.publishEvent(new SignedIn(person.id()));
        return cookie(token, request).maxAge(ttl);
    }

    /**
     * A live session and its person, as read: {@code lastSeenAt} is the last recorded use (kept to
     * the minute for staff, to the hour for supporters), {@code secondFactorAt} when this session
     * proved the second factor.
     */
    public record Signed(Long sessionId, Person person, Instant createdAt, Instant lastSeenAt, @Nullable Instant secondFactorAt) {
    }

    /**
     * The live session behind the request's cookie and its person (confirmed, unbanned, rights as
     * they stand now), without recording the use: see {@link #touch}.
     */
    @Transactional
    public Optional<Signed> resolve(HttpRequest<?> request) {
        Optional<String> token = request.getCookies().findCookie(cookieName).map(Cookie::getValue).filter(Tokens::looksLikeToken);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Optional<UserSession> session = sessions.findByTokenHash(Tokens.hash(token.get()))
                .filter(s -> s.expiresAt().isAfter(now));
        if (session.isEmpty()) {
            return Optional.empty();
        }
        UserSession s = session.get();
        return people.findActive(s.personId()).map(p -> new Signed(s.id(), p, s.createdAt(), s.lastSeenAt(), s.secondFactorAt()));
    }

    /**
     * Records a use of the session when the last recorded one is older than {@code granularity}:
     * the session slides to a full lifetime from now, and the person counts as active.
     */
    @Transactional
    public void touch(Signed signed, Duration granularity) {
        Instant now = Instant.now();
        if (signed.lastSeenAt().plus(granularity).isBefore(now)) {
            sessions.extend(signed.sessionId(), now, now.plus(ttl));
            if (signed.lastSeenAt().plus(REFRESH_AFTER).isBefore(now)) {
                people.touch(signed.person().id());
            }
        }
    }

    /**
     * Gives the session a new token and returns its cookie: after the second factor, a token planted
     * or seen before is worth nothing.
     */
    @Transactional
    public Cookie rotate(Long sessionId, HttpRequest<?> request) {
        String token = Tokens.newToken();
        sessions.rotate(sessionId, Tokens.hash(token));
        return cookie(token, request).maxAge(ttl);
    }

    /** This session proved the second factor now. */
    @Transactional
    public void markSecondFactor(Long sessionId) {
        sessions.markSecondFactor(sessionId, Instant.now());
    }

    /** Every session of the person must prove the second factor again (it was turned off or reset). */
    @Transactional
    public void forgetSecondFactor(Long personId) {
        sessions.forgetSecondFactor(personId);
    }

    /** Ends one session (left idle too long). */
    @Transactional
    public void end(Long sessionId) {
        sessions.deleteOne(sessionId);
    }

    /** Ends this request's session (or every session of its person) and returns the cookie that erases it. */
    @Transactional
    public Cookie close(HttpRequest<?> request, boolean everywhere) {
        request.getCookies().findCookie(cookieName).map(Cookie::getValue).filter(Tokens::looksLikeToken)
                .ifPresent(token -> {
                    String hash = Tokens.hash(token);
                    if (everywhere) {
                        sessions.findByTokenHash(hash).ifPresent(s -> {
                            sessions.deleteAllOf(s.personId());
                            signOuts.publishEvent(new SignedOutEverywhere(s.personId()));
                        });
                    } else {
                        sessions.deleteByTokenHashValue(hash);
                    }
                });
        return cookie("", request).maxAge(0);
    }

    /** Ends every session of a person (ban, erasure). */
    @Transactional
    public int closeAll(Long personId) {
        signOuts.publishEvent(new SignedOutEverywhere(personId));
        return sessions.deleteAllOf(personId);
    }

    @Transactional
    public int purgeExpired() {
        return sessions.deleteExpired(Instant.now());
    }

    private Cookie cookie(String value, HttpRequest<?> request) {
        return Cookie.of(cookieName, value)
                .path("/")
                .httpOnly(true)
                .secure(settings.publicUrlIsHttps() || request.isSecure())
                .sameSite(SameSite.Lax);
    }

    /** One of a person's sessions (a device signed in). */
    public record SessionOf(java.time.Instant createdAt, java.time.Instant lastSeenAt, java.time.Instant expiresAt) {
    }

    /** A person's sessions, the latest first, at most {@code limit}. */
    public java.util.List<SessionOf> sessionsOf(Long personId, int limit) {
        return personalSql.list("SELECT created_at, last_seen_at, expires_at FROM user_session WHERE person_id = ? ORDER BY id DESC LIMIT ?",
                java.util.List.of(personId, limit), rs -> new SessionOf(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant()));
    }
}
