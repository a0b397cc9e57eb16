package org.cortege.support;

import io.micronaut.context.annotation.Factory;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the running app: its {@code @Inject} fields come from an application context that
 * {@link SharedApp} starts once and shares with every other test class asking for the same
 * settings ({@link ApiTest#extraProperties()}), instead of one context per class as
 * {@code @MicronautTest} does. A class that needs other settings says so in {@code extraProperties}
 * and gets a context of its own; tests share the database anyway, so they already make their own
 * data ({@code newEmail()}, {@code unique(…)}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SharedApp.class)
@Factory // gives the test class a bean definition, through which the context fills its @Inject fields
public @interface AppTest {
}
