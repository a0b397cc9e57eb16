package org.cortege.shared;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes every error of the API the same way: problem+json, in the request's language. */
@Singleton
public class ProblemResponses {

    private final Messages messages;

    public ProblemResponses(Messages messages) {
        this.messages = messages;
    }

    public MutableHttpResponse<Problem> of(HttpRequest<?> request, ApiException e) {
        Locale locale = Messages.localeOf(request);
        List<Problem.FieldError> errors = e.fieldErrors().entrySet().stream()
                .map(entry -> new Problem.FieldError(entry.getKey(), messages.get(locale, entry.getValue(), e.args())))
                .toList();
        String detail = errors.isEmpty() ? messages.get(locale, e.messageKey(), e.args()) : messages.get(locale, e.messageKey());
        MutableHttpResponse<Problem> response = respond(request, e.status(), e.type(), detail, errors);
        if (e.retryAfter() != null) {
            response.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return response;
    }

    /** A problem whose detail is the message {@code key}, and field errors given as field → message key. */
    public MutableHttpResponse<Problem> of(HttpRequest<?> request, HttpStatus status, String type, String key,
                                           Map<String, String> fieldErrors) {
        Locale locale = Messages.localeOf(request);
        List<Problem.FieldError> errors = fieldErrors.entrySet().stream()
                .map(entry -> new Problem.FieldError(entry.getKey(), messages.get(locale, entry.getValue())))
                .toList();
        return respond(request, status, type, messages.get(locale, key), errors);
    }

    public MutableHttpResponse<Problem> respond(HttpRequest<?> request, HttpStatus status, String type, String detail,
                                                List<Problem.FieldError> errors) {
        Locale locale = Messages.localeOf(request);
        String title = messages.get(locale, "problem.title." + status.getCode());
        if (title.startsWith("problem.title.")) {
            title = status.getReason();
        }
        Problem problem = new Problem(Problem.type(type), title, status.getCode(), detail, errors.isEmpty() ? null : errors);
        return HttpResponse.<Problem>status(status)
                .contentType(Problem.MEDIA_TYPE)
                .header("Content-Language", locale.getLanguage())
                .header("Cache-Control", "no-store")
                .body(problem);
    }
}
