package org.cortege.support;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calls the real HTTP API and never throws on 4xx/5xx: tests assert on status, headers and the
 * JSON answer. Cookies are passed by hand, as a browser would.
 */
public final class Api {

    private final BlockingHttpClient client;
    private final JsonMapper json;

    public Api(HttpClient client, JsonMapper json) {
        this.client = client.toBlocking();
        this.json = json;
    }

    public record Response(int status, HttpHeaders headers, String body, JsonMapper json) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            try {
                return json.readValue(body, Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public Object get(String key) {
            return map().get(key);
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> errors() {
            Object errors = map().get("errors");
            return errors == null ? List.of() : (List<Map<String, Object>>) errors;
        }

        /** The message of the field's error, if the problem names that field. */
        public Optional<String> fieldError(String field) {
            return errors().stream().filter(e -> field.equals(e.get("field"))).map(e -> (String) e.get("message")).findFirst();
        }

        public String contentType() {
            return headers.get(HttpHeaders.CONTENT_TYPE);
        }

        /** The session cookie as sent back to the server ("name=value"), from Set-Cookie. */
        public String sessionCookie() {
            return headers.getAll(HttpHeaders.SET_COOKIE).stream().filter(c -> c.startsWith("cortege_session="))
                    .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                    .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + headers.getAll(HttpHeaders.SET_COOKIE)));
        }

        public String setCookieHeader() {
            return headers.getAll(HttpHeaders.SET_COOKIE).stream().filter(c -> c.startsWith("cortege_session=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no session cookie"));
        }
    }

    public Response get(String path, String... headers) {
        return exchange(HttpRequest.GET(path), headers);
    }

    public Response post(String path, Object body, String... headers) {
        return exchange(HttpRequest.POST(path, body instanceof String s ? s : write(body)).contentType(MediaType.APPLICATION_JSON_TYPE), headers);
    }

    public Response patch(String path, Object body, String... headers) {
        return exchange(HttpRequest.PATCH(path, body instanceof String s ? s : write(body)).contentType(MediaType.APPLICATION_JSON_TYPE), headers);
    }

    public Response put(String path, Object body, String... headers) {
        return exchange(HttpRequest.PUT(path, body instanceof String s ? s : write(body)).contentType(MediaType.APPLICATION_JSON_TYPE), headers);
    }

    public Response delete(String path, String... headers) {
        return exchange(HttpRequest.DELETE(path), headers);
    }

    /**
     * Sends a request; headers as "Name", "value" pairs ("Cookie", "cortege_session=…"). Like the
     * site's own pages, it says X-Requested-With (staff routes require it from clients without Fetch
     * Metadata), unless the test sends Sec-Fetch-Site or its own X-Requested-With (empty: none).
     */
    public Response exchange(MutableHttpRequest<?> request, String... headers) {
        boolean own = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            own |= headers[i].equalsIgnoreCase("Sec-Fetch-Site") || headers[i].equalsIgnoreCase("X-Requested-With");
            if (!headers[i + 1].isEmpty()) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        if (!own) {
            request.header("X-Requested-With", "XMLHttpRequest");
        }
        try {
            HttpResponse<String> response = client.exchange(request, Argument.STRING, Argument.STRING);
            return new Response(response.code(), response.getHeaders(), response.getBody().orElse(""), json);
        } catch (HttpClientResponseException e) {
            HttpResponse<?> response = e.getResponse();
            return new Response(response.code(), response.getHeaders(), response.getBody(String.class).orElse(""), json);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
