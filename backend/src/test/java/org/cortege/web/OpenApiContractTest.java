package org.cortege.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cortege.shared.Access;
import org.cortege.shared.Caller;
import org.cortege.shared.Problem;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document is the API's contract: written from the controllers when the jar is built,
 * served at /api/openapi.yml, and copied into docs/openapi.yml, from which the frontend's types are
 * generated. These tests fail when the controllers (the router as it runs) and the document disagree:
 * a route missing or extra, a path or query parameter, a body, a response type, a caller argument
 * shown as a parameter; and when the committed copy is not the document the controllers give.
 */
@AppTest
class OpenApiContractTest extends ApiTest {

    private static final Path COMMITTED = Path.of("..", "docs", "openapi.yml");
    private static final Path SERVED = Path.of("target", "openapi.yml");
    private static final String REFRESH = "the API changed: copy backend/target/openapi.yml (written by this test) to "
            + "docs/openapi.yml, then rebuild the frontend, whose types are generated from it";

    @Inject
    Router router;

    private String served;
    private Map<String, Object> document;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void readTheServedDocument() {
        Api.Response r = api.get("/api/openapi.yml");
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("application/yaml"), r.contentType());
        served = r.body();
        document = new Yaml().load(served);
    }

    @Test
    void theCommittedCopyIsTheDocumentTheControllersGive() throws IOException {
        Files.writeString(SERVED, served, StandardCharsets.UTF_8);
        assertTrue(Files.exists(COMMITTED), COMMITTED.toAbsolutePath() + " is missing: " + REFRESH);
        String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        assertTrue(committed.equals(served), REFRESH);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsInTheDocumentAndNothingElse() {
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        Set<String> routed = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (UriRouteInfo<?, ?> route : apiRoutes()) {
            String path = route.getUriMatchTemplate().toPathString();
            String key = route.getHttpMethodName() + " " + path;
            routed.add(key);
            Map<String, Object> operation = paths.getOrDefault(path, Map.of()).get(route.getHttpMethodName().toLowerCase(Locale.ROOT)) instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : null;
            if (operation == null) {
                continue; // reported below, with the sets
            }
            String level = route.getAnnotationMetadata().enumValue(Access.class, Access.Level.class)
                    .map(l -> l.name().toLowerCase(Locale.ROOT)).orElse("none");
            if (!level.equals(operation.get("x-access"))) {
                wrong.add(key + ": x-access is " + operation.get("x-access") + ", the route says " + level);
            }
            checkParameters(route, key, operation, wrong);
            checkBody(route, key, operation, wrong);
            checkAnswer(route, key, operation, wrong);
        }
        Set<String> missing = new TreeSet<>(routed);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(routed);
        assertTrue(routed.size() > 100, "the router lists the API (" + routed.size() + " operations)");
        assertTrue(missing.isEmpty(), "routes the document does not describe: " + missing);
        assertTrue(extra.isEmpty(), "operations the document describes but no controller answers: " + extra);
        assertTrue(wrong.isEmpty(), "the document disagrees with the controllers:\n" + String.join("\n", wrong));
    }

    @SuppressWarnings("unchecked")
    private static void checkParameters(UriRouteInfo<?, ?> route, String key, Map<String, Object> operation, List<String> wrong) {
        Set<String> documented = new TreeSet<>();
        for (Object p : (List<Object>) operation.getOrDefault("parameters", List.of())) {
            Map<String, Object> parameter = (Map<String, Object>) p;
            documented.add(parameter.get("in") + ":" + parameter.get("name"));
        }
        Set<String> expected = new TreeSet<>();
        route.getUriMatchTemplate().getVariables().forEach(v -> expected.add((v.isQuery() ? "query:" : "path:") + v.getName()));
        for (Argument<?> argument : route.getTargetMethod().getArguments()) {
            if (argument.getAnnotationMetadata().hasAnnotation(Caller.class)) {
                String name = argument.getName();
                if (documented.stream().anyMatch(d -> d.endsWith(":" + name))) {
                    wrong.add(key + ": the caller argument '" + name + "' is shown as a parameter");
                }
            } else if (argument.getAnnotationMetadata().hasAnnotation(QueryValue.class)) {
                String name = argument.getAnnotationMetadata().stringValue(QueryValue.class).filter(s -> !s.isEmpty()).orElse(argument.getName());
                expected.add("query:" + name);
            } else if (argument.getAnnotationMetadata().hasAnnotation(PathVariable.class)) {
                String name = argument.getAnnotationMetadata().stringValue(PathVariable.class).filter(s -> !s.isEmpty()).orElse(argument.getName());
                expected.add("path:" + name);
            }
        }
        Set<String> undocumented = new TreeSet<>(expected);
        undocumented.removeAll(documented);
        if (!undocumented.isEmpty()) {
            wrong.add(key + ": parameters missing from the document: " + undocumented);
        }
        for (String d : documented) {
            if (d.startsWith("path:") && !expected.contains(d)) {
                wrong.add(key + ": the document has a path parameter the route does not: " + d);
            }
        }
    }

    private static void checkBody(UriRouteInfo<?, ?> route, String key, Map<String, Object> operation, List<String> wrong) {
        boolean takesBody = Arrays.stream(route.getTargetMethod().getArguments())
                .anyMatch(a -> a.getAnnotationMetadata().hasAnnotation(Body.class));
        if (takesBody && !operation.containsKey("requestBody")) {
            wrong.add(key + ": takes a body the document does not describe");
        }
    }

    /** A route answering one of our records says so in the document, under that record's schema. */
    @SuppressWarnings("unchecked")
    private static void checkAnswer(UriRouteInfo<?, ?> route, String key, Map<String, Object> operation, List<String> wrong) {
        Argument<?> returned = route.getTargetMethod().getReturnType().asArgument();
        if (HttpResponse.class.isAssignableFrom(returned.getType()) && returned.getTypeParameters().length == 1) {
            returned = returned.getTypeParameters()[0];
        }
        Class<?> type = returned.getType();
        if (!type.isAnnotationPresent(Serdeable.class) && !type.isAnnotationPresent(io.micronaut.serde.annotation.Serdeable.Serializable.class)) {
            return; // lists, maps, bytes, text: their own shapes, not one of our records
        }
        Map<String, Object> responses = (Map<String, Object>) operation.getOrDefault("responses", Map.of());
        String schema = type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
        boolean found = responses.entrySet().stream()
                .filter(e -> e.getKey().startsWith("2"))
                .anyMatch(e -> e.getValue().toString().contains("#/components/schemas/" + schema + "}")
                        || e.getValue().toString().contains("#/components/schemas/" + type.getSimpleName() + "}"));
        if (!found) {
            wrong.add(key + ": answers " + schema + ", which the document's 2xx responses do not name");
        }
    }

    /**
     * Every object in the document says what it holds: an answer declared as {@code HttpResponse<?>}
     * or a generic record (its items unresolved) would otherwise show as an empty object, and the
     * frontend's generated type would be {@code Record<string, never>}.
     */
    @Test
    void noObjectIsShapeless() {
        List<String> shapeless = new ArrayList<>();
        walk(document, "", shapeless);
        assertTrue(shapeless.isEmpty(), "objects the document leaves without a shape (declare the answer's type, or "
                + "@ApiResponse(responseCode = \"204\") for no content):\n" + String.join("\n", shapeless));
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object node, String where, List<String> shapeless) {
        if (node instanceof Map<?, ?> map) {
            if ("object".equals(map.get("type")) && !map.containsKey("properties") && !map.containsKey("additionalProperties")) {
                shapeless.add(where);
            }
            ((Map<String, Object>) map).forEach((k, v) -> walk(v, where + "/" + k, shapeless));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), where + "[" + i + "]", shapeless);
            }
        }
    }

    /** Real answers have exactly the fields their schema lists, every one present (null where empty). */
    @Test
    @SuppressWarnings("unchecked")
    void answersHaveTheFieldsTheDocumentSays() {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, String> answers = Map.of(
                "/api/config", "ConfigController.ConfigView",
                "/api/counters", "Counters",
                "/api/session", "MeController.SessionView",
                "/api/events?size=5", "EventFinderController.EventPage",
                "/api/groups?size=5", "GroupController.GroupPage");
        answers.forEach((path, name) -> {
            Api.Response r = api.get(path);
            assertEquals(200, r.status(), path);
            Map<String, Object> schema = (Map<String, Object>) schemas.get(name);
            Set<String> properties = new TreeSet<>(((Map<String, Object>) schema.get("properties")).keySet());
            Set<String> required = new TreeSet<>((List<String>) schema.get("required"));
            Set<String> fields = new TreeSet<>(r.map().keySet());
            assertEquals(properties, fields, path + " answers the fields of " + name);
            assertEquals(properties, required, name + ": every field of an answer is always there");
        });
    }

    /** Compared field by field with the record, since the schema is written by hand (backend/src/main/openapi). */
    @Test
    @SuppressWarnings("unchecked")
    void theProblemSchemaIsTheProblemRecord() {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, Object> problem = (Map<String, Object>) schemas.get("Problem");
        Set<String> documented = new TreeSet<>(((Map<String, Object>) problem.get("properties")).keySet());
        Set<String> fields = new TreeSet<>();
        Arrays.stream(Problem.class.getRecordComponents()).forEach(c -> fields.add(c.getName()));
        assertEquals(fields, documented, "backend/src/main/openapi/problem.yml describes org.cortege.shared.Problem");
        Set<String> errorFields = new TreeSet<>();
        Arrays.stream(Problem.FieldError.class.getRecordComponents()).forEach(c -> errorFields.add(c.getName()));
        Map<String, Object> fieldError = (Map<String, Object>) schemas.get("Problem.FieldError");
        assertEquals(errorFields, new TreeSet<>(((Map<String, Object>) fieldError.get("properties")).keySet()));
    }

    @Test
    void theReferencePageIsServedFromTheJarAlone() {
        Api.Response page = api.get("/api/docs/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("res/swagger-ui-bundle.js") && page.body().contains("viewer.js"), page.body());
        assertFalse(page.body().contains("<script>"), "no inline script: the site's policy would refuse it");
        assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing from another site");
        Api.Response viewer = api.get("/api/docs/viewer.js");
        assertEquals(200, viewer.status());
        assertTrue(viewer.body().contains("validatorUrl: null"), "no document address sent to validator.swagger.io");
        assertEquals(200, api.get("/api/docs/res/swagger-ui-bundle.js").status());
        assertEquals(200, api.get("/api/docs/res/swagger-ui.css").status());
        String csp = page.headers().get("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe"), csp);
    }

    private List<UriRouteInfo<?, ?>> apiRoutes() {
        return router.uriRoutes()
                .filter(r -> !r.getDeclaringType().isAnnotationPresent(Endpoint.class))
                .filter(r -> !"HEAD".equals(r.getHttpMethodName())) // the router answers HEAD for every GET
                .filter(r -> !r.getDeclaringType().isAnnotationPresent(Hidden.class))
                .filter(r -> !r.getTargetMethod().getAnnotationMetadata().hasAnnotation(Hidden.class))
                .<UriRouteInfo<?, ?>>map(r -> r)
                .toList();
    }
}
