package org.cortege.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import io.micronaut.web.router.Router;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.cortege.shared.Access;

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
        router.uriRoutes().forEach(route -> route.getAnnotationMetadata().enumValue(Access.class, Access.Level.class)
                .ifPresent(level -> access.put(route.getHttpMethodName().toLowerCase(Locale.ROOT) + " "
                        + route.getUriMatchTemplate().toPathString(), level)));
        this.document = ApiDocument.load(access);
    }

    @Get("/openapi.yml")
    @Produces(MEDIA_TYPE + ";charset=utf-8")
    HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).header("Cache-Control", "public, max-age=300");
    }
}
