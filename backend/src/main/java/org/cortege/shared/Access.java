package org.cortege.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a route, declared once on the controller or the method (the method wins). Every
 * route of the API carries one: a route without it is refused (403) and fails the route-policy
 * test. The check runs before the controller, which receives the caller as a typed argument
 * ({@code Person me}, {@code @Nullable Person viewer}, {@code Staff staff}); what a caller may do
 * to a given group, action or person is the owning feature's rule (group roles, the organizer's
 * territory), applied in its service.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Access {

    Level value();

    enum Level {
        /** Anyone, signed in or not; a {@code @Nullable Person} argument gets the signed-in person if any. */
        VISITOR,
        /** A confirmed, unbanned person with a live session (401 otherwise). */
        SUPPORTER,
        /**
         * An admin or an organizer with a territory, whose session passed the second factor when
         * they have one (or must have one), used within the staff idle time, from the site's own
         * pages (Fetch Metadata or the X-Requested-With header): 401 or 403 otherwise.
         */
        STAFF,
        /** Like {@link #STAFF}, admins only. */
        ADMIN
    }
}
