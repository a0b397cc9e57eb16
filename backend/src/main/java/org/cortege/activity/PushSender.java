package org.cortege.activity;

import com.interaso.webpush.WebPush;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortege.groups.GroupService;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.InstanceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the pushes owed (web push, RFC 8030): each payload is a short sentence in the person's language, the site's
 * name and the entry's link, encrypted for the browser's keys (RFC 8291) and signed with the instance's VAPID key
 * (RFC 8292), posted to the browser's push service (an allow-listed one; no redirect; 5 s to connect, 10 s to answer).
 * The push service sees an encrypted blob, its size and when. Runs on every node; {@link PushDeliveries} shares the work.
 */
@Singleton
class PushSender {

    private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);
    /** Kept by the push service at most a day for a browser that is offline. */
    private static final int TTL_SECONDS = 86_400;

    private final PushDeliveries deliveries;
    private final PushKeys keys;
    private final PushServices services;
    private final PersonService people;
    private final GroupService groups;
    private final ActivityService activity;
    private final InstanceSettings settings;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    PushSender(PushDeliveries deliveries, PushKeys keys, PushServices services, PersonService people, GroupService groups,
               ActivityService activity, InstanceSettings settings, ObjectMapper json) {
        this.deliveries = deliveries;
        this.keys = keys;
        this.services = services;
        this.people = people;
        this.groups = groups;
        this.activity = activity;
        this.settings = settings;
        this.json = json;
    }

    @Scheduled(fixedDelay = "${cortege.activity.push-poll-interval:2s}", initialDelay = "20s")
    void poll() {
        try {
            int n;
            do {
                n = sendDue(Instant.now());
            } while (n > 0);
        } catch (RuntimeException e) {
            LOG.warn("push: {}", e.getClass().getSimpleName()); // tried again at the next run
        }
    }

    /** Sends up to 10 pushes due at {@code now}; returns how many were taken. */
    int sendDue(Instant now) {
        List<PushDeliveries.Taken> taken = deliveries.take(now, 10);
        for (PushDeliveries.Taken t : taken) {
            send(t);
        }
        return taken.size();
    }

    private void send(PushDeliveries.Taken t) {
        if (!services.allows(t.endpoint())) {
            deliveries.gone(t); // the allow-list changed since: this browser is no longer served
            return;
        }
        int status;
        try {
            byte[] payload = payload(t);
            if (payload == null) {
                deliveries.sent(t, Instant.now()); // no longer someone to tell (banned, gone): dropped unsent
                return;
            }
            WebPush push = new WebPush(subject(), keys.keys());
            byte[] body = push.getBody(payload, Base64.getUrlDecoder().decode(t.p256dh()), Base64.getUrlDecoder().decode(t.auth()));
            Map<String, String> headers = push.getHeaders(t.endpoint(), TTL_SECONDS, "a" + t.activityId(), WebPush.Urgency.Normal);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(t.endpoint())).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((name, value) -> {
                if (!name.equalsIgnoreCase("content-length")) {
                    request.header(name, value);
                }
            });
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | RuntimeException e) {
            LOG.info("push not sent ({}), tried again later", e.getClass().getSimpleName());
            deliveries.failed(t, Instant.now());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deliveries.failed(t, Instant.now());
            return;
        }
        if (status >= 200 && status < 300) {
            deliveries.sent(t, Instant.now());
        } else if (status == 404 || status == 410) {
            deliveries.gone(t);
        } else {
            LOG.info("push refused by its service (HTTP {}), tried again later", status);
            deliveries.failed(t, Instant.now());
        }
    }

    /** RFC 8292's contact: the site's https address, else the privacy contact's mail address. */
    private String subject() {
        String url = settings.publicUrl().toString();
        return url.startsWith("https://") ? url : "mailto:" + settings.privacyContact();
    }

    /**
     * What the browser shows: the site's name, the entry's sentence in the person's language, its link, a tag per
     * entry; null when the person is no longer someone to tell.
     */
    @Nullable
    byte[] payload(PushDeliveries.Taken t) throws IOException {
        List<Person> found = people.confirmedAmong(List.of(t.personId()));
        if (found.isEmpty()) {
            return null;
        }
        Locale locale = ActivityService.localeOf(found.get(0).locale());
        String actor = t.actorId() == null ? null : people.firstNames(List.of(t.actorId())).get(t.actorId());
        String group = t.groupId() == null ? "" : groups.findById(t.groupId()).map(g -> g.name()).orElse("");
        String line = activity.line(t.kind(), locale, found.get(0).firstName(), t.subject(), actor,
                t.startsAt() == null ? null : t.startsAt().toInstant(), group);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("title", settings.organizationName());
        p.put("body", line);
        p.put("url", t.link());
        p.put("tag", "activity-" + t.activityId());
        return json.writeValueAsString(p).getBytes(StandardCharsets.UTF_8);
    }
}
