package org.cortege.shared;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Micronaut's own errors (unknown route, wrong method, malformed JSON, body too large, missing
 * argument…) rewritten as problem+json with a translated message, never the framework's text,
 * which can echo the input back.
 */
@Primary
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    private final ProblemResponses problems;

    public ProblemErrorResponseProcessor(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        Map<String, String> fields = new LinkedHashMap<>();
        String key = switch (status.getCode()) {
            case 400 -> {
                for (Error error : context.getErrors()) {
                    // "/command" is the whole body (an array, a string, null…): not a field the person can fix.
                    String path = error.getPath().orElse("");
                    String field = bodyField(path);
                    // "/page": a query parameter of the wrong type (?page=abc) is a field too, not a body to fix
                    String name = path.replaceFirst("^/", "");
                    if (field.isEmpty() && !name.isEmpty() && context.getRequest().getParameters().contains(name)) {
                        field = name;
                    }
                    if (!field.isEmpty()) {
                        fields.put(field, "validation.Invalid");
                    }
                }
                // A value of the wrong type in a named field is the person's to fix; anything else is a malformed body.
                yield fields.isEmpty() ? "problem.malformed" : "problem.validation";
            }
            case 401 -> "problem.unauthorized";
            case 403 -> "problem.forbidden";
            case 404 -> "problem.notFound";
            case 405 -> "problem.methodNotAllowed";
            case 406 -> "problem.notAcceptable";
            case 413 -> "problem.tooLarge";
            case 415 -> "problem.unsupportedMediaType";
            case 429 -> "problem.tooManyRequests";
            case 503 -> "problem.unavailable";
            default -> status.getCode() >= 500 ? "problem.internal" : "problem.badRequest";
        };
        MutableHttpResponse<Problem> response = problems.of(context.getRequest(), status,
                fields.isEmpty() ? "about:blank" : "validation", key, fields);
        base.getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow") || name.equalsIgnoreCase("Retry-After")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response;
    }

    /** "/command/birthDate" → "birthDate"; "/command" → "" (the body itself). */
    static String bodyField(String path) {
        String[] segments = path.replaceFirst("^/", "").split("/");
        return segments.length <= 1 ? "" : String.join(".", java.util.Arrays.copyOfRange(segments, 1, segments.length));
    }
}
