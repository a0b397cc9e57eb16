package org.cortege.access;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cortege.admin.Staff;
import org.cortege.admin.StaffService;
import org.cortege.people.Person;
import org.cortege.people.SecondFactorService;
import org.cortege.people.SessionService;
import org.cortege.shared.Access;
import org.cortege.shared.Problem;
import org.cortege.shared.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each route's {@link Access} before its controller runs, and hands the controller its
 * caller ({@link CallerBinders}). One place decides who is signed in, who is staff now, whether
 * the session is still fresh enough for staff work and proved the second factor, and whether a
 * staff call comes from the site's own pages. A route without a declared level is refused.
 */
@ServerFilter({"/api/**", "/robots.txt", "/sitemap.xml"})
class AccessFilter implements Ordered {

    static final String SIGNED = "cortege.access.signed";
    static final String STAFF = "cortege.access.staff";

    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);

    /** Staff sessions record their use to the minute (supporters' to the hour), so the idle limit is exact to a minute. */
    private static final Duration STAFF_GRANULARITY = Duration.ofMinutes(1);
    private static final Duration SUPPORTER_GRANULARITY = Duration.ofHours(1);
    private static final Set<Class<?>> CALLER_TYPES = Set.of(Person.class, SessionService.Signed.class, Staff.class);

    private final SessionService sessions;
    private final StaffService staffService;
    private final SecondFactorService secondFactors;
    private final ProblemResponses problems;
    private final Duration staffIdle;

    AccessFilter(SessionService sessions, StaffService staffService, SecondFactorService secondFactors, ProblemResponses problems,
                 @Property(name = "cortege.session.staff-idle") Duration staffIdle) {
        this.sessions = sessions;
        this.staffService = staffService;
        this.secondFactors = secondFactors;
        this.problems = problems;
        this.staffIdle = staffIdle;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    MutableHttpResponse<Problem> check(HttpRequest<?> request) {
        Optional<RouteInfo<?>> route = RouteAttributes.getRouteInfo(request);
        if (route.isEmpty()) {
            return null; // no route: the router answers 404 or 405
        }
        Access.Level level = levelOf(route.get());
        if (level == null) {
            LOG.error("{} {} declares no @Access: refused", request.getMethodName(), request.getPath());
            return problems.of(request, HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden", Map.of());
        }
        boolean staffRoute = level == Access.Level.STAFF || level == Access.Level.ADMIN;
        if (staffRoute && !fromOwnPages(request)) {
            return problems.of(request, HttpStatus.FORBIDDEN, "cross-site", "problem.crossSite", Map.of());
        }
        if (level == Access.Level.VISITOR && !wantsCaller(route.get())) {
            return null; // nothing to look up: an anonymous page costs no session query
        }

        Instant now = Instant.now();
        Optional<SessionService.Signed> signed = sessions.resolve(request);
        Optional<Staff> staff = Optional.empty();
        boolean idle = false;
        if (signed.isPresent()) {
            SessionService.Signed s = signed.get();
            boolean stale = s.lastSeenAt().plus(STAFF_GRANULARITY).isBefore(now);
            if (staffRoute || stale) {
                staff = staffService.current(s.person());
            }
            if (staff.isPresent() && s.lastSeenAt().plus(staffIdle).isBefore(now)) {
                // A staff session left alone longer than the staff idle time ends, whatever it was used for.
                sessions.end(s.sessionId());
                signed = Optional.empty();
                staff = Optional.empty();
                idle = true;
            } else {
                sessions.touch(s, staff.isPresent() ? STAFF_GRANULARITY : SUPPORTER_GRANULARITY);
            }
        }

        if (signed.isEmpty()) {
            return level == Access.Level.VISITOR ? null : problems.of(request, HttpStatus.UNAUTHORIZED,
                    idle ? "session-idle" : "unauthorized", idle ? "problem.sessionIdle" : "problem.unauthorized", Map.of());
        }
        if (level == Access.Level.VISITOR || level == Access.Level.SUPPORTER) {
            SessionService.Signed s = signed.get();
            if (s.person().admin() && !secondFactorProved(s)) {
                // Admin powers reach groups and actions too (moderation): not before the second factor.
                s = new SessionService.Signed(s.sessionId(), s.person().withoutAdminPowers(), s.createdAt(), s.lastSeenAt(), s.secondFactorAt());
            }
            request.setAttribute(SIGNED, s);
            return null;
        }
        if (staff.isEmpty() || level == Access.Level.ADMIN && !staff.get().admin()) {
            return problems.of(request, HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden", Map.of());
        }
        if (!secondFactorProved(signed.get())) {
            boolean enrolled = secondFactors.enrolled(signed.get().person().id());
            return problems.of(request, HttpStatus.FORBIDDEN, enrolled ? "second-factor-needed" : "second-factor-enrolment",
                    enrolled ? "problem.secondFactorNeeded" : "problem.secondFactorEnrolment", Map.of());
        }
        request.setAttribute(SIGNED, signed.get());
        request.setAttribute(STAFF, staff.get());
        return null;
    }

    /** Whether the session may use staff powers: it proved the second factor, or the person has none and none is required. */
    private boolean secondFactorProved(SessionService.Signed signed) {
        if (signed.secondFactorAt() != null) {
            return true;
        }
        return !secondFactors.required() && !secondFactors.enrolled(signed.person().id());
    }

    /** The route's declared level: the method's, else its controller's; null when neither declares one. */
    @Nullable
    static Access.Level levelOf(RouteInfo<?> route) {
        return route.getAnnotationMetadata().enumValue(Access.class, Access.Level.class).orElse(null);
    }

    private static boolean wantsCaller(RouteInfo<?> route) {
        if (route instanceof MethodBasedRouteInfo<?, ?> method) {
            for (Argument<?> argument : method.getTargetMethod().getArguments()) {
                if (CALLER_TYPES.contains(argument.getType())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Staff calls must come from the site's pages, so that a link (in a mail, on another site) cannot
     * make a staff member's browser read a record and write a forged entry in the access log: the
     * browser's Fetch Metadata says same-origin, or, from a client that sends none, a header no other
     * site can add without our consent (CORS is closed).
     */
    private static boolean fromOwnPages(HttpRequest<?> request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null) {
            // A click on a link (even one of our own pages: a description links anywhere) navigates; our pages fetch.
            return site.equals("same-origin") && !"navigate".equals(request.getHeaders().get("Sec-Fetch-Mode"));
        }
        String requestedWith = request.getHeaders().get("X-Requested-With");
        return requestedWith != null && !requestedWith.isBlank();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20; // after the CSRF check
    }
}
