package org.cortege.shared;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bean-validation failures as a 400 problem with one translated message per field. A constraint
 * with its own message names a key of {@code i18n/messages}; otherwise the key is
 * {@code validation.<Constraint>}, formatted with {0}=min, {1}=max, {2}=value.
 */
@Produces
@Singleton
@Replaces(ConstraintExceptionHandler.class)
public class ConstraintViolationHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<Problem>> {

    private final ProblemResponses problems;
    private final Messages messages;

    public ConstraintViolationHandler(ProblemResponses problems, Messages messages) {
        this.problems = problems;
        this.messages = messages;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ConstraintViolationException exception) {
        Locale locale = Messages.localeOf(request);
        Map<String, String> byField = new LinkedHashMap<>();
        // "required" says more than "wrong format" about an empty field: report it first.
        List<ConstraintViolation<?>> violations = new ArrayList<>(exception.getConstraintViolations());
        violations.sort(java.util.Comparator.comparingInt(v -> isRequired(v) ? 0 : 1));
        for (ConstraintViolation<?> violation : violations) {
            byField.putIfAbsent(field(violation.getPropertyPath()), message(locale, violation));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        byField.forEach((field, message) -> errors.add(new Problem.FieldError(field, message)));
        return problems.respond(request, HttpStatus.BAD_REQUEST, "validation",
                messages.get(locale, "problem.validation"), errors);
    }

    private static boolean isRequired(ConstraintViolation<?> v) {
        var d = v.getConstraintDescriptor();
        String name = d == null ? "" : d.getAnnotation().annotationType().getSimpleName();
        return name.equals("NotBlank") || name.equals("NotNull");
    }

    /** "signup.command.email" → "email", "update.command.interests[2]" → "interests". */
    static String field(Path path) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                names.add(node.getName());
            }
        }
        if (names.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return String.join(".", names);
    }

    private String message(Locale locale, ConstraintViolation<?> violation) {
        String template = violation.getMessageTemplate();
        var descriptor = violation.getConstraintDescriptor();
        Map<String, Object> attributes = descriptor == null ? Map.of() : descriptor.getAttributes();
        String constraint = descriptor == null ? "Invalid" : descriptor.getAnnotation().annotationType().getSimpleName();
        if (constraint.equals("Size") && violation.getInvalidValue() instanceof java.util.Collection<?>) {
            constraint = "SizeList";
        }
        String key = template != null && !template.startsWith("{") ? template : "validation." + constraint;
        String text = messages.get(locale, key, attributes.get("min"), attributes.get("max"), attributes.get("value"));
        return text.equals(key) ? messages.get(locale, "validation.Invalid") : text;
    }
}
