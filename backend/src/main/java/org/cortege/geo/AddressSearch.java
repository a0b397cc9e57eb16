package org.cortege.geo;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortege.shared.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Street addresses found through a geocoder the operator runs (off by default): an addok server
 * (the engine of France's Base Adresse Nationale, {@code GET /search/?q=…} answering GeoJSON) or a
 * Nominatim server ({@code GET /search?format=jsonv2&q=…}). Our server calls it, never the visitor's
 * browser, so an address typed by an organizer goes nowhere else than the movement's own services
 * (point {@code CORTEGE_GEOCODER_URL} at a public service only if its terms and the GDPR allow it).
 * What is typed is never logged. Answers are read with a size cap and a 3-second limit.
 */
@Singleton
public class AddressSearch {

    /** One address found: its label as the geocoder writes it, its postal code and town when known, its point. */
    @Serdeable
    public record Address(String label, @Nullable String postalCode, @Nullable String city, double lat, double lng) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AddressSearch.class);
    private static final int MAX_ANSWER_BYTES = 512 * 1024;
    private static final int RESULTS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String url;
    private final String protocol;
    private final String country;
    private final ObjectMapper json;
    private final HttpClient http;

    AddressSearch(@Value("${cortege.geocoder.url:}") String url, @Value("${cortege.geocoder.protocol:addok}") String protocol,
                  @Value("${cortege.country:FR}") String country, ObjectMapper json) {
        this.url = url == null ? "" : url.strip().replaceAll("/+$", "");
        this.protocol = protocol.strip().toLowerCase(Locale.ROOT);
        if (!this.url.isEmpty()) {
            URI parsed = URI.create(this.url);
            if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
                throw new IllegalStateException("CORTEGE_GEOCODER_URL must be an http(s) address, not " + this.url);
            }
            if (!this.protocol.equals("addok") && !this.protocol.equals("nominatim")) {
                throw new IllegalStateException("CORTEGE_GEOCODER_PROTOCOL must be addok or nominatim, not " + protocol);
            }
        }
        this.country = country.strip().toUpperCase(Locale.ROOT);
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Whether the operator configured a geocoder (the forms offer the address field only then). */
    public boolean enabled() {
        return !url.isEmpty();
    }

    /**
     * Up to five addresses for {@code query}, near {@code postalCode} when given (the form's commune).
     * 404 when no geocoder is configured; 503 when it does not answer well.
     */
    public List<Address> search(String query, @Nullable String postalCode) {
        if (!enabled()) {
            throw ApiException.of(HttpStatus.NOT_FOUND, "address-search-off", "problem.addressSearchOff");
        }
        String q = URLEncoder.encode(query, StandardCharsets.UTF_8);
        String code = postalCode == null || postalCode.isBlank() ? null : URLEncoder.encode(postalCode.strip(), StandardCharsets.UTF_8);
        URI uri = URI.create("addok".equals(protocol)
                ? url + "/search/?q=" + q + "&limit=" + RESULTS + (code == null ? "" : "&postcode=" + code)
                : url + "/search?format=jsonv2&addressdetails=1&limit=" + RESULTS + "&q=" + q
                        + "&countrycodes=" + country.toLowerCase(Locale.ROOT) + (code == null ? "" : "&postalcode=" + code));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json")
                // Nominatim's usage policy asks every client to say who it is
                .header("User-Agent", "Cortege (self-hosted organizing platform)").GET().build();
        // the whole exchange, body included, within TIMEOUT: the client's own timeout stops at the headers
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = null;
        java.util.concurrent.CompletableFuture<byte[]> read = null;
        try {
            HttpResponse<InputStream> response = sent.get(TIMEOUT.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            InputStream body = response.body();
            in = body;
            read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return body.readNBytes(MAX_ANSWER_BYTES + 1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] bytes = read.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            if (response.statusCode() != 200 || bytes.length > MAX_ANSWER_BYTES) {
                LOG.warn("The geocoder answered {} ({} bytes): address search unavailable", response.statusCode(), bytes.length);
                throw unavailable();
            }
            try {
                return "addok".equals(protocol) ? readAddok(bytes) : readNominatim(bytes);
            } catch (IOException | RuntimeException unreadable) {
                // not the JSON its protocol promises (null, an array of nulls, HTML…): the organizer places the pin by hand
                if (unreadable instanceof ApiException api) {
                    throw api;
                }
                LOG.warn("The geocoder's answer cannot be read ({}): address search unavailable", unreadable.getClass().getSimpleName());
                throw unavailable();
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("The geocoder at {} did not answer within {} s: address search unavailable", uri.getHost(), TIMEOUT.toSeconds());
            throw unavailable();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("The geocoder at {} cannot be reached: {}", uri.getHost(), e.getCause() == null ? "?" : e.getCause().getClass().getSimpleName());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } finally {
            sent.cancel(true);
            if (read != null) {
                read.cancel(true);
            }
            if (in != null) {
                try {
                    in.close(); // ends a read still waiting on a slow geocoder
                } catch (IOException ignored) {
                    // nothing more to free
                }
            }
        }
    }

    private static ApiException unavailable() {
        return ApiException.of(HttpStatus.SERVICE_UNAVAILABLE, "address-search-unavailable", "problem.addressSearchUnavailable");
    }

    /** addok: a GeoJSON FeatureCollection (RFC 7946), coordinates [longitude, latitude]. */
    @SuppressWarnings("unchecked")
    private List<Address> readAddok(byte[] body) throws IOException {
        Map<String, Object> collection = json.readValue(body, Argument.mapOf(String.class, Object.class));
        List<Address> found = new ArrayList<>();
        if (collection == null || !(collection.get("features") instanceof List<?> features)) {
            throw unavailable();
        }
        for (Object f : features) {
            if (!(f instanceof Map<?, ?> feature) || !(feature.get("geometry") instanceof Map<?, ?> geometry)
                    || !(geometry.get("coordinates") instanceof List<?> xy) || xy.size() < 2
                    || !(feature.get("properties") instanceof Map<?, ?> p)) {
                continue;
            }
            add(found, text(p.get("label")), text(p.get("postcode")), text(p.get("city")), number(xy.get(1)), number(xy.get(0)));
        }
        return found;
    }

    /** Nominatim: an array of places, lat and lon as strings, the address's parts under "address". */
    private List<Address> readNominatim(byte[] body) throws IOException {
        List<Map<String, Object>> places = json.readValue(body, Argument.listOf(Argument.mapOf(String.class, Object.class)));
        List<Address> found = new ArrayList<>();
        if (places == null) {
            throw unavailable();
        }
        for (Map<String, Object> p : places) {
            if (p == null) {
                continue;
            }
            String city = null;
            String postcode = null;
            if (p.get("address") instanceof Map<?, ?> a) {
                postcode = text(a.get("postcode"));
                for (String key : List.of("city", "town", "village", "municipality")) {
                    if (city == null) {
                        city = text(a.get(key));
                    }
                }
            }
            add(found, text(p.get("display_name")), postcode, city, number(p.get("lat")), number(p.get("lon")));
        }
        return found;
    }

    private static void add(List<Address> found, String label, String postcode, String city, Double lat, Double lng) {
        if (found.size() >= RESULTS || label == null || lat == null || lng == null || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
            return;
        }
        found.add(new Address(cut(label), cut(postcode), cut(city), lat, lng));
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    private static String cut(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200);
    }

    private static Double number(Object o) {
        double d;
        if (o instanceof Number n) {
            d = n.doubleValue();
        } else if (o instanceof String s) {
            try {
                d = Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(d) ? d : null;
    }
}
