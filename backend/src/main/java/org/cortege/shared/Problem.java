package org.cortege.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** An RFC 9457 problem document; {@code errors} lists per-field messages for invalid input. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, @Nullable String detail, @Nullable List<FieldError> errors) {

    @Serdeable
    public record FieldError(String field, String message) {
    }

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Problem types are URNs of our own: stable names a client can switch on, never a URL to fetch. */
    public static String type(String name) {
        return "about:blank".equals(name) ? name : "urn:cortege:problem:" + name;
    }
}
