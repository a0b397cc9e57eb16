package org.cortege.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import io.micronaut.web.router.Router;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cortege.shared.Access;
import org.cortege.shared.Caller;

/**
 * The API's contract at a stable address: the OpenAPI document micronaut-openapi wrote from the
 * controllers when the jar was built, as {@link ApiDocument} corrects it, read once. The reference
 * page at /api/docs/ shows it; the frontend's types are generated from its copy in docs/openapi.yml
 * (frontend/src/shared/schema.ts), which {@code OpenApiContractTest} keeps equal to it.
 */
@Hidden
@Access(Access.Level.VISITOR)
@Controller("/api")
class ApiDocumentController {

    static final String MEDIA_TYPE = "application/yaml";

    private final byte[] document;

    ApiDocumentController(Router router) {
        Map<String, Access.Level> access = new HashMap<>();
        Set<String> sessionAware = new HashSet<>();
        router.uriRoutes().forEach(route -> {
            String key = route.getHttpMethodName().toLowerCase(Locale.ROOT) + " " + route.getUriMatchTemplate().toPathString();
            route.getAnnotationMetadata().enumValue(Access.class, Access.Level.class).ifPresent(level -> access.put(key, level));
            if (Arrays.stream(route.getTargetMethod().getArguments()).anyMatch(a -> a.getAnnotationMetadata().hasAnnotation(Caller.class))) {
                sessionAware.add(key);
            }
        });
        this.document = ApiDocument.load(access, sessionAware);
    }

    @Get("/openapi.yml")
    @Produces(MEDIA_TYPE + ";charset=utf-8")
    HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).header("Cache-Control", "public, max-age=300");
    }
}
