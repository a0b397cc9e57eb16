package org.cortege.support;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs first the {@link AppTest} classes on the common settings (one app for all of them), then
 * those with settings of their own, then the rest (plain unit tests and the tests that start their
 * own nodes), each group by name.
 */
public final class SharedAppOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(SharedAppOrder::group)
                .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }

    private static int group(ClassDescriptor descriptor) {
        Class<?> test = descriptor.getTestClass();
        if (!test.isAnnotationPresent(AppTest.class)) {
            return 2;
        }
        return hasOwnSettings(test) ? 1 : 0;
    }

    /** Whether the class carries {@code @Property} or a class between it and {@link ApiTest} declares {@code extraProperties}. */
    static boolean hasOwnSettings(Class<?> test) {
        if (test.getAnnotationsByType(io.micronaut.context.annotation.Property.class).length > 0) {
            return true;
        }
        for (Class<?> c = test; c != null && c != ApiTest.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("extraProperties");
                return true;
            } catch (NoSuchMethodException e) {
                // not here: look further up
            }
        }
        return false;
    }
}
