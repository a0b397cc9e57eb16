package org.cortege.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import org.cortege.shared.Access;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The API's OpenAPI document as served: micronaut-openapi's, written from the controllers at build
 * time, with one correction it cannot make itself. Answers carry every field of their records, a
 * missing value as {@code null} ({@code micronaut.serde.serialization.inclusion: ALWAYS}), but the
 * generator reads {@code @Nullable} as "may be absent" and leaves those fields out of
 * {@code required}. So every property of a schema that only answers use is marked required (still
 * nullable where it is); schemas that a request body reaches keep their list, since a client may
 * leave those fields out. Without this, a client's generated types would say "maybe undefined" of
 * every nullable field the server always sends.
 *
 * <p>It also says who may call each operation, which the generator cannot know: {@code x-access}
 * (visitor, supporter, staff, admin: the route's {@link Access} level) and the session cookie as
 * the operation's security requirement (optional for visitors).
 */
final class ApiDocument {

    static final String RESOURCE = "META-INF/swagger/openapi.yml";

    private ApiDocument() {
    }

    /**
     * @param access each route's level, keyed "get /api/me"
     * @param sessionAware the public routes that answer differently to someone signed in (a caller argument)
     */
    static byte[] load(Map<String, Access.Level> access, Set<String> sessionAware) {
        try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: the build writes it (micronaut-openapi's processor)");
            }
            return corrected(new String(in.readAllBytes(), StandardCharsets.UTF_8), access, sessionAware).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static String corrected(String generated, Map<String, Access.Level> access, Set<String> sessionAware) {
        LoaderOptions loading = new LoaderOptions();
        loading.setCodePointLimit(16 * 1024 * 1024);
        Map<String, Object> document = new Yaml(loading).load(generated);
        Map<String, Object> components = (Map<String, Object>) document.getOrDefault("components", Map.of());
        Map<String, Object> schemas = (Map<String, Object>) components.getOrDefault("schemas", Map.of());
        Set<String> sent = new TreeSet<>();
        List<Object> bodies = new ArrayList<>();
        collect(document.get("paths"), "requestBody", bodies);
        for (Object body : bodies) {
            reach(body, schemas, sent);
        }
        schemas.forEach((name, value) -> {
            Map<String, Object> schema = (Map<String, Object>) value;
            if (!sent.contains(name) && schema.get("properties") instanceof Map<?, ?> properties && !properties.isEmpty()) {
                Map<String, Object> ordered = new LinkedHashMap<>();
                ordered.put("required", new ArrayList<>(((Map<String, Object>) properties).keySet()));
                schema.forEach((k, v) -> {
                    if (!"required".equals(k)) {
                        ordered.put(k, v);
                    }
                });
                schema.clear();
                schema.putAll(ordered);
            }
        });
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.getOrDefault("paths", Map.of());
        paths.forEach((path, operations) -> operations.forEach((method, value) -> {
            if (value instanceof Map<?, ?> op) {
                named((Map<String, Object>) op, method, path);
            }
            Access.Level level = access.get(method + " " + path);
            if (level != null && value instanceof Map<?, ?> operation) {
                ((Map<String, Object>) operation).put("x-access", level.name().toLowerCase(Locale.ROOT));
                // new objects each time: the same one twice would be written as a YAML alias
                // a public route needs no session; one that answers a signed-in person differently takes it if sent
                // (an empty list: open to anyone, without a session)
                List<Object> security = new ArrayList<>();
                boolean aware = sessionAware.contains(method + " " + path);
                if (level == Access.Level.VISITOR && aware) {
                    security.add(new LinkedHashMap<>());
                }
                if (level != Access.Level.VISITOR || aware) {
                    security.add(new LinkedHashMap<>(Map.of("session", new ArrayList<>())));
                }
                ((Map<String, Object>) operation).put("security", security);
            }
        }));
        DumperOptions dumping = new DumperOptions();
        dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumping.setWidth(120);
        dumping.setSplitLines(false);
        return new Yaml(dumping).dump(document);
    }

    /**
     * Names an operation after its method and path ("get /api/groups/{idOrSlug}/members" →
     * getGroupsIdOrSlugMembers) rather than the Java method's name, which repeats across controllers
     * (the generator then writes list_1, list_5), and gives its answers a description ("OK" rather
     * than "list_5 200 response").
     */
    @SuppressWarnings("unchecked")
    private static void named(Map<String, Object> operation, String method, String path) {
        String generated = String.valueOf(operation.get("operationId"));
        StringBuilder id = new StringBuilder(method.toLowerCase(Locale.ROOT));
        for (String part : path.replaceFirst("^/api/", "/").split("[/{}.\\-]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        operation.put("operationId", id.toString());
        if (operation.get("responses") instanceof Map<?, ?> responses) {
            ((Map<String, Object>) responses).forEach((code, response) -> {
                if (response instanceof Map<?, ?> r && (generated + " " + code + " response").equals(r.get("description"))) {
                    ((Map<String, Object>) r).put("description", code.startsWith("2") ? "OK" : "Answer " + code);
                }
            });
        }
    }

    /** Every value under a key named {@code key}, anywhere below {@code node}. */
    @SuppressWarnings("unchecked")
    private static void collect(Object node, String key, List<Object> found) {
        if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (k.equals(key)) {
                    found.add(v);
                } else {
                    collect(v, key, found);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, key, found));
        }
    }

    /** The schemas {@code node} refers to, and theirs, transitively. */
    @SuppressWarnings("unchecked")
    private static void reach(Object node, Map<String, Object> schemas, Set<String> reached) {
        if (node instanceof Map<?, ?> map) {
            Object ref = map.get("$ref");
            if (ref instanceof String s && s.startsWith("#/components/schemas/")) {
                String name = s.substring("#/components/schemas/".length());
                if (reached.add(name)) {
                    reach(schemas.get(name), schemas, reached);
                }
            }
            ((Map<String, Object>) map).values().forEach(v -> reach(v, schemas, reached));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> reach(item, schemas, reached));
        }
    }
}
