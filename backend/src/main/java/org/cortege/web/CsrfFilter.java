package org.cortege.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;
import java.util.Set;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Problem;
import org.cortege.shared.ProblemResponses;

/**
 * Cross-site request forgery: a state-changing API call must come from the site's own pages
 * (OWASP: verify the Origin header, else Fetch Metadata's Sec-Fetch-Site). Browsers send one of
 * them on every such request; a client without either is not a browser and carries no victim's
 * cookie. SameSite=Lax on the session cookie is the second line.
 */
@ServerFilter("/api/**")
class CsrfFilter implements Ordered {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private final InstanceSettings settings;
    private final ProblemResponses problems;

    CsrfFilter(InstanceSettings settings, ProblemResponses problems) {
        this.settings = settings;
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    MutableHttpResponse<Problem> check(HttpRequest<?> request) {
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        String origin = request.getHeaders().get("Origin");
        if (origin != null && !origin.equals("null")) {
            return sameOrigin(origin, request) ? null : refuse(request);
        }
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none") ? null : refuse(request);
        }
        return origin == null ? null : refuse(request);
    }

    private boolean sameOrigin(String origin, HttpRequest<?> request) {
        if (origin.equalsIgnoreCase(settings.publicOrigin())) {
            return true;
        }
        // Reached directly rather than through the public URL (a node's own address, tests): compare with Host.
        String host = request.getHeaders().get("Host");
        if (host == null) {
            return false;
        }
        return origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host);
    }

    private MutableHttpResponse<Problem> refuse(HttpRequest<?> request) {
        return problems.of(request, HttpStatus.FORBIDDEN, "cross-site", "problem.crossSite", Map.of());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
