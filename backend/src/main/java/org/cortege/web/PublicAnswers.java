package org.cortege.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers that are the same for every visitor are computed once per short window and node, and
 * shared: the listing of actions, the map, the calendar feeds, the link-preview images, any
 * {@code /api/} answer its controller marks {@code Cache-Control: public}. That mark is the one
 * declaration; this filter honours it on the server side as a shared cache would (RFC 9111), with
 * a strong ETag on the bytes and {@code 304 Not Modified} for a client that already has them.
 *
 * <p>What is never shared: an answer to a request carrying a session cookie (a signed-in person
 * may see more: their own answer, a hidden action they manage), an answer that sets a cookie, that
 * already carries its own ETag (the counters keep theirs), that is not a 200. The key holds the
 * path and query as sent, and the Accept-Language (the answers say {@code Vary: Accept-Language})
 * and Accept headers as sent: a cheap key, exact to what Vary means.
 *
 * <p>Freshness: an entry lives {@code cortege.public-cache.ttl} (10 s by default; 0 turns the cache
 * off), never longer than the answer's own max-age. Any write through the API on this node that may
 * change what visitors see (anything but signing up, signing in and out, reporting) empties the
 * cache when it succeeds; an answer computed while such a write landed is not kept. Other nodes
 * see the change within the TTL, as their map and counters already do.
 */
@ServerFilter("/api/**")
class PublicAnswers implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(PublicAnswers.class);
    private static final String KEY = "cortege.public-answers.key";
    private static final String GENERATION = "cortege.public-answers.generation";
    /** Writes that change nothing a visitor sees: they must not empty the cache (a TV night is ten thousand sign-ups). */
    private static final List<String> WRITES_THAT_SHOW_NOTHING = List.of(
            "/api/signup", "/api/login", "/api/logout", "/api/reports", "/api/unsubscribe", "/api/me/second-factor");

    record Answer(byte[] body, String etag, String contentType, String cacheControl, @Nullable String vary,
                  @Nullable String disposition, Duration lifetime) {
    }

    private final Cache<String, Answer> answers;
    private final boolean enabled;
    private final String cookieName;
    private final JsonMapper json;
    private final AtomicLong generation = new AtomicLong();
    private final Duration ttl;

    PublicAnswers(@Property(name = "cortege.public-cache.ttl", defaultValue = "10s") Duration ttl,
                  @Property(name = "cortege.public-cache.max-size", defaultValue = "64MB") String maxSize,
                  @Property(name = "cortege.session.cookie-name") String cookieName, JsonMapper json, MeterRegistry meters) {
        this.ttl = ttl;
        this.enabled = !ttl.isZero() && !ttl.isNegative();
        this.cookieName = cookieName;
        this.json = json;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(bytes(maxSize))
                .weigher((String key, Answer a) -> key.length() * 2 + a.body().length + 200)
                .expireAfter(new Expiry<String, Answer>() {
                    @Override
                    public long expireAfterCreate(String key, Answer a, long now) {
                        return a.lifetime().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Answer a, long now, long current) {
                        return a.lifetime().toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Answer a, long now, long current) {
                        return current;
                    }
                })
                .recordStats()
                .build();
        meters.gauge("cortege.public.cache.hits", answers, c -> c.stats().hitCount());
        meters.gauge("cortege.public.cache.misses", answers, c -> c.stats().missCount());
    }

    private static long bytes(String size) {
        String s = size.strip().toUpperCase(Locale.ROOT);
        long unit = s.endsWith("GB") ? 1L << 30 : s.endsWith("MB") ? 1L << 20 : s.endsWith("KB") ? 1L << 10 : 1;
        return Long.parseLong(s.replaceAll("[^0-9]", "")) * unit;
    }

    @RequestFilter
    @Nullable
    MutableHttpResponse<?> lookUp(HttpRequest<?> request) {
        if (!enabled || request.getMethod() != HttpMethod.GET || request.getCookies().contains(cookieName)) {
            return null;
        }
        String key = key(request);
        Answer cached = answers.getIfPresent(key);
        if (cached != null) {
            return answer(request, cached);
        }
        request.setAttribute(KEY, key);
        request.setAttribute(GENERATION, generation.get());
        return null;
    }

    @ResponseFilter
    @Nullable
    MutableHttpResponse<?> keep(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!enabled) {
            return null;
        }
        if (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
            if (response.getStatus().getCode() < 400 && changesWhatVisitorsSee(request.getPath())) {
                generation.incrementAndGet();
                answers.invalidateAll();
            }
            return null;
        }
        String key = request.getAttribute(KEY, String.class).orElse(null);
        Long seen = request.getAttribute(GENERATION, Long.class).orElse(null);
        HttpHeaders headers = response.getHeaders();
        String cacheControl = headers.get(HttpHeaders.CACHE_CONTROL);
        if (key == null || response.getStatus() != HttpStatus.OK || cacheControl == null || !cacheControl.startsWith("public")
                || headers.contains(HttpHeaders.ETAG) || headers.contains(HttpHeaders.SET_COOKIE) || response.body() == null) {
            return null;
        }
        Duration lifetime = maxAge(cacheControl);
        lifetime = lifetime.compareTo(ttl) < 0 ? lifetime : ttl;
        Object content = response.body();
        if (lifetime.isZero() || !(content instanceof byte[] || content instanceof CharSequence || isRecord(content))) {
            return null; // streams, files and the like are written as they come
        }
        byte[] body;
        try {
            body = bytesOf(content);
        } catch (IOException | RuntimeException e) {
            LOG.warn("public answer not kept: {}", e.getMessage());
            return null;
        }
        String contentType = response.getContentType().map(MediaType::toString).orElse(MediaType.APPLICATION_JSON);
        Answer answer = new Answer(body, etag(body), contentType, cacheControl, headers.get(HttpHeaders.VARY),
                headers.get(HttpHeaders.CONTENT_DISPOSITION), lifetime);
        if (seen != null && generation.get() == seen) {
            answers.asMap().putIfAbsent(key, answer);
        }
        return answer(request, answer);
    }

    /** The API's answers are records (or lists of them), written as JSON the way the server would. */
    private static boolean isRecord(Object body) {
        return body instanceof Record || body instanceof List<?> list && list.stream().allMatch(Record.class::isInstance);
    }

    private byte[] bytesOf(Object body) throws IOException {
        if (body instanceof byte[] raw) {
            return raw;
        }
        if (body instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        return json.writeValueAsBytes(body);
    }

    private static MutableHttpResponse<?> answer(HttpRequest<?> request, Answer a) {
        MutableHttpResponse<?> r;
        if (matches(request.getHeaders().get(HttpHeaders.IF_NONE_MATCH), a.etag())) {
            r = HttpResponse.status(HttpStatus.NOT_MODIFIED);
        } else {
            r = HttpResponse.ok(a.body()).contentType(a.contentType());
        }
        r.header(HttpHeaders.ETAG, a.etag()).header(HttpHeaders.CACHE_CONTROL, a.cacheControl());
        if (a.vary() != null) {
            r.header(HttpHeaders.VARY, a.vary());
        }
        if (a.disposition() != null && r.getStatus() == HttpStatus.OK) {
            r.header(HttpHeaders.CONTENT_DISPOSITION, a.disposition());
        }
        return r;
    }

    /** If-None-Match: "*" or a list of entity tags, weak or strong (RFC 9110 §13.1.2: weak comparison). */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.replaceFirst("^W/", "").equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Path and query as sent, and the two headers the answers vary on, as sent (exactly what {@code Vary} means). */
    private static String key(HttpRequest<?> request) {
        String query = request.getUri().getRawQuery();
        HttpHeaders headers = request.getHeaders();
        return headers.get(HttpHeaders.ACCEPT_LANGUAGE, String.class).orElse("") + '\n' + headers.get(HttpHeaders.ACCEPT, String.class).orElse("")
                + '\n' + request.getPath() + (query == null ? "" : "?" + query);
    }

    private static boolean changesWhatVisitorsSee(String path) {
        for (String quiet : WRITES_THAT_SHOW_NOTHING) {
            if (path.equals(quiet) || path.startsWith(quiet + "/")) {
                return false;
            }
        }
        return true;
    }

    /** The answer's max-age (none: zero, not kept). */
    private Duration maxAge(String cacheControl) {
        for (String part : cacheControl.split(",")) {
            String p = part.strip();
            if (p.startsWith("max-age=")) {
                try {
                    return Duration.ofSeconds(Long.parseLong(p.substring("max-age=".length())));
                } catch (NumberFormatException e) {
                    return Duration.ZERO;
                }
            }
        }
        return Duration.ZERO;
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 40; // after the CSRF check and the route's access rule
    }
}
