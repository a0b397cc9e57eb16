package org.cortege.shared;

import io.swagger.v3.oas.annotations.Parameter;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller argument that is the caller, not something the client sends: {@code @Caller
 * Person me}, {@code @Caller @Nullable Person viewer}, {@code @Caller Staff staff}. The access filter
 * found them from the session cookie ({@code access/CallerBinders} binds them by type); this
 * annotation only keeps them out of the OpenAPI document, where they would otherwise show as query
 * parameters. {@code OpenApiContractTest} fails on a caller argument without it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER})
@Parameter(hidden = true)
public @interface Caller {
}
