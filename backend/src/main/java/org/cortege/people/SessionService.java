package org.cortege.people;

import io.micronaut.context.annotation.Property;
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

    private static final Duration REFRESH_AFTER = Duration.ofHours(1);

    private final UserSessionRepository sessions;
    private final PersonService people;
    private final InstanceSettings settings;
    private final String cookieName;
    private final Duration ttl;

    SessionService(UserSessionRepository sessions, PersonService people, InstanceSettings settings,
                   @Property(name = "cortege.session.cookie-name") String cookieName,
                   @Property(name = "cortege.session.ttl") Duration ttl) {
        this.sessions = sessions;
        this.people = people;
        this.settings = settings;
        this.cookieName = cookieName;
        this.ttl = ttl;
    }

    /** Opens a session for the person and returns the cookie that carries it. */
    @Transactional
    public Cookie open(Person person, HttpRequest<?> request) {
        String token = Tokens.newToken();
        Instant now = Instant.now();
        sessions.save(new UserSession(null, Tokens.hash(token), person.id(), now, now, now.plus(ttl)));
        return cookie(token, request).maxAge(ttl);
    }

    /** The person behind the request's session cookie, if the session is live and the person confirmed. */
    @Transactional
    public Optional<Person> current(HttpRequest<?> request) {
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
        Optional<Person> person = people.findActive(s.personId());
        if (person.isPresent() && s.lastSeenAt().plus(REFRESH_AFTER).isBefore(now)) {
            sessions.extend(s.id(), now, now.plus(ttl));
            people.touch(s.personId());
        }
        return person;
    }

    /** @throws ApiException 401 when nobody is signed in */
    public Person require(HttpRequest<?> request) {
        return current(request).orElseThrow(ApiException::unauthorized);
    }

    /** @throws ApiException 401 when nobody is signed in, 403 when the person is not an admin */
    public Person requireAdmin(HttpRequest<?> request) {
        Person person = require(request);
        if (!person.admin()) {
            throw ApiException.of(io.micronaut.http.HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
        }
        return person;
    }

    /** Ends this request's session (or every session of its person) and returns the cookie that erases it. */
    @Transactional
    public Cookie close(HttpRequest<?> request, boolean everywhere) {
        request.getCookies().findCookie(cookieName).map(Cookie::getValue).filter(Tokens::looksLikeToken)
                .ifPresent(token -> {
                    String hash = Tokens.hash(token);
                    if (everywhere) {
                        sessions.findByTokenHash(hash).ifPresent(s -> sessions.deleteAllOf(s.personId()));
                    } else {
                        sessions.deleteByTokenHashValue(hash);
                    }
                });
        return cookie("", request).maxAge(0);
    }

    /** Ends every session of a person (ban, erasure). */
    @Transactional
    public int closeAll(Long personId) {
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
}
