package org.cortege.access;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.type.Argument;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cortege.admin.Staff;
import org.cortege.people.Person;
import org.cortege.people.SessionService;
import org.cortege.shared.Access;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * Every route of the router declares who may call it, and its arguments agree with the level: the
 * next endpoint cannot forget its rule.
 */
@AppTest
class RouteAccessTest extends ApiTest {

    private static final Set<Class<?>> CALLERS = Set.of(Person.class, Staff.class, SessionService.Signed.class);

    @Inject
    Router router;

    @Test
    void everyRouteDeclaresItsAccessAndItsArgumentsAgree() {
        List<String> wrong = new ArrayList<>();
        List<UriRouteInfo<?, ?>> routes = router.uriRoutes().toList();
        int api = 0;
        for (UriRouteInfo<?, ?> route : routes) {
            String name = route.getHttpMethodName() + " " + route.getUriMatchTemplate().toPathString()
                    + " (" + route.getDeclaringType().getSimpleName() + "." + route.getTargetMethod().getMethodName() + ")";
            if (route.getDeclaringType().isAnnotationPresent(Endpoint.class)) {
                continue; // /health and /metrics: the management port, which is not published
            }
            String path = route.getUriMatchTemplate().toPathString();
            if (!path.startsWith("/api/") && !path.equals("/robots.txt") && !path.equals("/sitemap.xml")) {
                wrong.add(name + ": outside /api, where the access filter does not run");
                continue;
            }
            api++;
            Access.Level level = AccessFilter.levelOf(route);
            if (level == null) {
                wrong.add(name + ": no @Access on the method or its controller; declare who may call it");
                continue;
            }
            for (Argument<?> argument : route.getTargetMethod().getArguments()) {
                Class<?> type = argument.getType();
                if (!CALLERS.contains(type)) {
                    continue;
                }
                if (!argument.getAnnotationMetadata().hasAnnotation(org.cortege.shared.Caller.class)) {
                    wrong.add(name + ": the caller argument '" + argument.getName() + "' has no @Caller; without it the "
                            + "OpenAPI document shows it as a parameter the client would send");
                }
                boolean nullable = argument.isNullable();
                if (type == Staff.class && level != Access.Level.STAFF && level != Access.Level.ADMIN) {
                    wrong.add(name + ": takes Staff but is declared " + level + "; declare STAFF or ADMIN");
                }
                if (level == Access.Level.VISITOR && !nullable) {
                    wrong.add(name + ": takes a non-null " + type.getSimpleName() + " but visitors may call it; "
                            + "declare SUPPORTER or mark the argument @Nullable");
                }
                if (level != Access.Level.VISITOR && nullable) {
                    wrong.add(name + ": a @Nullable caller on a route declared " + level + " is always present; drop @Nullable");
                }
            }
        }
        assertTrue(api > 60, "the router lists the API's routes (" + api + ")");
        assertTrue(wrong.isEmpty(), "routes to fix:\n" + String.join("\n", wrong));
    }
}
