package org.cortege.access;

import io.micronaut.core.bind.ArgumentBinder.BindingResult;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.PostponedRequestArgumentBinder;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.cortege.admin.Staff;
import org.cortege.people.Person;
import org.cortege.people.SessionService;

/**
 * The caller as a controller argument, as {@link AccessFilter} found it: {@code Person me} on a
 * route for supporters, {@code @Nullable Person viewer} on a public one, {@code Staff staff} on a
 * staff route, {@code SessionService.Signed} where the session itself matters. Bound after the
 * filters ran (postponed), from request attributes: no second lookup.
 */
final class CallerBinders {

    private CallerBinders() {
    }

    /** What the filter left under {@code name}, or nothing (a @Nullable argument gets null). */
    private static <T> BindingResult<T> found(HttpRequest<?> request, String name, Class<T> type) {
        Optional<T> value = request.getAttribute(name, type);
        return value.isPresent() ? () -> value : BindingResult.empty();
    }

    @Singleton
    static class PersonBinder implements TypedRequestArgumentBinder<Person>, PostponedRequestArgumentBinder<Person> {
        @Override
        public Argument<Person> argumentType() {
            return Argument.of(Person.class);
        }

        @Override
        public BindingResult<Person> bind(ArgumentConversionContext<Person> context, HttpRequest<?> request) {
            return found(request, AccessFilter.SIGNED, SessionService.Signed.class).flatMap(s -> () -> Optional.of(s.person()));
        }
    }

    @Singleton
    static class SignedBinder implements TypedRequestArgumentBinder<SessionService.Signed>, PostponedRequestArgumentBinder<SessionService.Signed> {
        @Override
        public Argument<SessionService.Signed> argumentType() {
            return Argument.of(SessionService.Signed.class);
        }

        @Override
        public BindingResult<SessionService.Signed> bind(ArgumentConversionContext<SessionService.Signed> context, HttpRequest<?> request) {
            return found(request, AccessFilter.SIGNED, SessionService.Signed.class);
        }
    }

    @Singleton
    static class StaffBinder implements TypedRequestArgumentBinder<Staff>, PostponedRequestArgumentBinder<Staff> {
        @Override
        public Argument<Staff> argumentType() {
            return Argument.of(Staff.class);
        }

        @Override
        public BindingResult<Staff> bind(ArgumentConversionContext<Staff> context, HttpRequest<?> request) {
            return found(request, AccessFilter.STAFF, Staff.class);
        }
    }
}
