package org.cortege.shared;

import io.micronaut.http.HttpStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal the client can act on, answered as application/problem+json. Messages are keys of
 * {@code i18n/messages}, translated into the request's language when the answer is written.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String messageKey;
    private final Object[] args;
    private final Map<String, String> fieldErrors;
    private final Duration retryAfter;

    private ApiException(HttpStatus status, String type, String messageKey, Object[] args,
                         Map<String, String> fieldErrors, Duration retryAfter) {
        super(type + ": " + messageKey, null, false, false);
        this.status = status;
        this.type = type;
        this.messageKey = messageKey;
        this.args = args;
        this.fieldErrors = fieldErrors;
        this.retryAfter = retryAfter;
    }

    /** 400 with one field's error (its message formatted with {@code args}): the form shows it under that field. */
    public static ApiException invalidField(String field, String messageKey, Object... args) {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put(field, messageKey);
        return new ApiException(HttpStatus.BAD_REQUEST, "validation", "problem.validation", args, errors, null);
    }

    /** 400 with several fields' errors at once (field → message key, in the form's order). */
    public static ApiException invalidFields(Map<String, String> fieldMessageKeys) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation", "problem.validation", new Object[0],
                new LinkedHashMap<>(fieldMessageKeys), null);
    }

    public static ApiException of(HttpStatus status, String type, String messageKey, Object... args) {
        return new ApiException(status, type, messageKey, args, Map.of(), null);
    }

    public static ApiException tooManyRequests(Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "problem.rateLimited",
                new Object[] {Math.max(1, retryAfter.toMinutes() + (retryAfter.toSecondsPart() > 0 ? 1 : 0))},
                Map.of(), retryAfter);
    }

    /** 503 with Retry-After: a dependency (the database) cannot be reached right now; the client may retry. */
    public static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "problem.unavailable", new Object[0], Map.of(),
                Duration.ofSeconds(5));
    }

    public static ApiException unauthorized() {
        return of(HttpStatus.UNAUTHORIZED, "unauthorized", "problem.unauthorized");
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
