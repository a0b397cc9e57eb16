package org.cortege.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.ReadableBytes;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.micronaut.web.router.RouteAttributes;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.cortege.shared.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers that are the same for every visitor are computed once per short window and node, and
 * shared: the listings of actions and groups, the map, the calendar feeds, the link-preview images,
 * any {@code /api/} answer its controller marks {@code Cache-Control: public}. That mark is the one
 * declaration; this filter honours it on the server side as a shared cache would (RFC 9111), with a
 * weak ETag on the bytes (the same bytes go out compressed or not), {@code Age}, and
 * {@code 304 Not Modified} for a client that already has them.
 *
 * <p>Never shared: an answer to a request carrying a session cookie (a signed-in person may see
 * more: their own answer, a hidden action they manage), an answer that sets a cookie, already
 * carries its own ETag (the counters keep theirs), varies on anything but the language, is not a
 * 200, or is a stream. The key holds the path and query as sent and the language the answer is in.
 *
 * <p>Freshness: an entry is fresh {@code cortege.public-cache.ttl} (10 s; 0 turns the cache off),
 * never longer than the answer's own max-age. Past it, one request computes the answer again while
 * the others get the old one for up to 5 s more (stale-while-revalidate, RFC 5861), so that a busy
 * answer is never computed by a crowd at once. A successful write that changes what visitors see
 * ({@link #CHANGES}: groups, actions and their dates, moderation, a person's name or erasure)
 * empties the cache on this node, at most once a second (a hostile supporter editing their group in
 * a loop must not keep it empty): visitors of this node see the change within a second, signed-in
 * people at once, other nodes within the TTL. Writes not listed (RSVPs, sign-ups, jobs) show within
 * the TTL.
 */
@ServerFilter("/api/**")
class PublicAnswers implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(PublicAnswers.class);
    private static final String KEY = "cortege.public-answers.key";
    private static final String GENERATION = "cortege.public-answers.generation";
    /** The writes after which visitors may see something else: everything else waits for the TTL. */
    static final Pattern CHANGES = Pattern.compile("/api/(groups(/(?![^/]+/messages$).*)?|events/.+|occurrences/[^/]+(/cancel)?"
            + "|admin/(events|groups)/.+|admin/people/[^/]+(/ban)?|me)");
    private static final Duration FLUSH_SPACING = Duration.ofSeconds(1);
    private static final Duration STALE_GRACE = Duration.ofSeconds(5);
    private static final List<String> VARY_ALLOWED = List.of("accept-language", "accept-encoding");

    static final class Answer {
        final byte[] body;
        final String etag;
        final String contentType;
        final String cacheControl;
        @Nullable
        final String vary;
        @Nullable
        final String disposition;
        final long storedAt = System.nanoTime();
        final Duration fresh;
        final AtomicBoolean refreshing = new AtomicBoolean();

        Answer(byte[] body, String etag, String contentType, String cacheControl, @Nullable String vary, @Nullable String disposition,
               Duration fresh) {
            this.body = body;
            this.etag = etag;
            this.contentType = contentType;
            this.cacheControl = cacheControl;
            this.vary = vary;
            this.disposition = disposition;
            this.fresh = fresh;
        }

        boolean isFresh() {
            return System.nanoTime() - storedAt < fresh.toNanos();
        }

        long ageSeconds() {
            return (System.nanoTime() - storedAt) / 1_000_000_000L;
        }
    }

    private final Cache<String, Answer> answers;
    private final boolean enabled;
    private final String cookieName;
    private final JsonMapper json;
    private final TaskScheduler scheduler;
    private final Duration ttl;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong lastFlush = new AtomicLong(System.nanoTime() - FLUSH_SPACING.toNanos());
    private final AtomicBoolean flushPlanned = new AtomicBoolean();

    PublicAnswers(@Property(name = "cortege.public-cache.ttl", defaultValue = "10s") Duration ttl,
                  @Property(name = "cortege.public-cache.max-size", defaultValue = "64MB") @ReadableBytes long maxSize,
                  @Property(name = "cortege.session.cookie-name") String cookieName, JsonMapper json, MeterRegistry meters,
                  @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.ttl = ttl;
        this.enabled = !ttl.isZero() && !ttl.isNegative();
        this.cookieName = cookieName;
        this.json = json;
        this.scheduler = scheduler;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(maxSize)
                // the entry's own bytes and ~500 bytes of key, headers, map and cache nodes
                .weigher((String key, Answer a) -> key.length() * 2 + a.body.length + 500)
                .expireAfter(new Expiry<String, Answer>() {
                    @Override
                    public long expireAfterCreate(String key, Answer a, long now) {
                        return a.fresh.plus(STALE_GRACE).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Answer a, long now, long current) {
                        return a.fresh.plus(STALE_GRACE).toNanos();
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

    @RequestFilter
    @Nullable
    MutableHttpResponse<?> lookUp(HttpRequest<?> request) {
        if (!enabled || request.getMethod() != HttpMethod.GET || request.getCookies().contains(cookieName)) {
            return null;
        }
        String key = key(request);
        Answer kept = answers.getIfPresent(key);
        if (kept != null && (kept.isFresh() || !kept.refreshing.compareAndSet(false, true))) {
            return answer(request, kept); // fresh, or stale while another request computes it again
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
            if (response.getStatus().getCode() < 400 && CHANGES.matcher(request.getPath()).matches()) {
                changed();
            }
            return null;
        }
        String key = request.getAttribute(KEY, String.class).orElse(null);
        Long seen = request.getAttribute(GENERATION, Long.class).orElse(null);
        HttpHeaders headers = response.getHeaders();
        String cacheControl = headers.get(HttpHeaders.CACHE_CONTROL);
        if (key == null || seen == null || response.getStatus() != HttpStatus.OK || cacheControl == null
                || !cacheControl.startsWith("public") || headers.contains(HttpHeaders.ETAG) || headers.contains(HttpHeaders.SET_COOKIE)
                || !variesOnlyOnLanguage(headers.get(HttpHeaders.VARY))) {
            return null;
        }
        Duration fresh = maxAge(cacheControl);
        fresh = fresh.compareTo(ttl) < 0 ? fresh : ttl;
        Object content = response.body();
        if (fresh.isZero() || !(content instanceof byte[] || content instanceof CharSequence || isRecord(content))) {
            return null; // streams, files and the like are written as they come
        }
        byte[] body;
        try {
            body = bytesOf(content);
        } catch (IOException | RuntimeException e) {
            LOG.warn("public answer not kept: {}", e.getMessage());
            return null;
        }
        Answer answer = new Answer(body, etag(body), contentType(request, response), cacheControl, headers.get(HttpHeaders.VARY),
                headers.get(HttpHeaders.CONTENT_DISPOSITION), fresh);
        if (generation.get() == seen) {
            answers.put(key, answer);
            if (generation.get() != seen) {
                answers.asMap().remove(key, answer); // the cache was emptied meanwhile: this answer may predate the change
            }
        }
        return answer(request, answer);
    }

    /** Empties the cache now, or a second after the last time if that was less than a second ago. */
    private void changed() {
        long now = System.nanoTime();
        long last = lastFlush.get();
        if (now - last >= FLUSH_SPACING.toNanos() && lastFlush.compareAndSet(last, now)) {
            flush();
        } else if (flushPlanned.compareAndSet(false, true)) {
            scheduler.schedule(Duration.ofNanos(Math.max(0, last + FLUSH_SPACING.toNanos() - now)), () -> {
                flushPlanned.set(false);
                lastFlush.set(System.nanoTime());
                flush();
            });
        }
    }

    private void flush() {
        generation.incrementAndGet();
        answers.invalidateAll();
    }

    /** The type the answer says, else the route's first declared one (Micronaut fills it in only after the filters), else JSON. */
    private static String contentType(HttpRequest<?> request, MutableHttpResponse<?> response) {
        return response.getContentType().map(MediaType::toString)
                .or(() -> RouteAttributes.getRouteInfo(request).flatMap(r -> r.getProduces().stream().findFirst()).map(MediaType::toString))
                .orElse(MediaType.APPLICATION_JSON);
    }

    private static boolean variesOnlyOnLanguage(@Nullable String vary) {
        if (vary == null) {
            return true;
        }
        for (String name : vary.split(",")) {
            if (!VARY_ALLOWED.contains(name.strip().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
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
        if (matches(request.getHeaders().get(HttpHeaders.IF_NONE_MATCH), a.etag)) {
            r = HttpResponse.status(HttpStatus.NOT_MODIFIED);
        } else {
            r = HttpResponse.ok(a.body).contentType(a.contentType);
            if (a.disposition != null) {
                r.header(HttpHeaders.CONTENT_DISPOSITION, a.disposition);
            }
        }
        r.header(HttpHeaders.ETAG, a.etag).header(HttpHeaders.CACHE_CONTROL, a.cacheControl)
                .header(HttpHeaders.AGE, Long.toString(a.ageSeconds()))
                .header(HttpHeaders.DATE, DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        if (a.vary != null) {
            r.header(HttpHeaders.VARY, a.vary);
        }
        return r;
    }

    /** If-None-Match: "*" or a list of entity tags, compared weakly (RFC 9110 §13.1.2). */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag.replaceFirst("^W/", "");
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.replaceFirst("^W/", "").equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** The language the answer will be in (what {@code Vary: Accept-Language} comes to here), the path and the query as sent. */
    private static String key(HttpRequest<?> request) {
        String query = request.getUri().getRawQuery();
        return Messages.localeOf(request).getLanguage() + ' ' + request.getPath() + (query == null ? "" : "?" + query);
    }

    /** The answer's max-age (none: zero, not kept). */
    private static Duration maxAge(String cacheControl) {
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

    /** Weak: the same bytes go out compressed or not (RFC 9110 §8.8.1). */
    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 40; // after the CSRF check and the route's access rule
    }
}
