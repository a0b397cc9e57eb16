package org.cortege.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * Starts the app for the {@link AppTest} classes and keeps it for the next class that asks for the
 * same settings ({@code extraProperties()} and {@code @Property} on the class). One app at a time: a class asking for other settings stops the running one first,
 * and so does a class that is not an {@code @AppTest} (it may start nodes of its own, which must not
 * share the outbox and the job queues with a forgotten app). {@link SharedAppOrder} runs the classes
 * of the common settings first, so that the common app starts once. Registered for every class
 * (junit-platform.properties turns on the automatic registration of META-INF/services).
 *
 * <p>Each app gets a free HTTP port chosen before it starts, with {@code cortege.public-url}
 * pointing at it (links in mails lead back to this very server, as a browser journey needs), and a
 * free management port, unless the class's settings name them.
 */
public final class SharedApp implements TestInstancePostProcessor, BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedApp.class);

    private static EmbeddedServer running;
    private static Map<String, String> runningSettings;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!context.getRequiredTestClass().isAnnotationPresent(AppTest.class)) {
            stop();
        }
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) {
        if (!instance.getClass().isAnnotationPresent(AppTest.class)) {
            return;
        }
        Map<String, String> settings = instance instanceof TestPropertyProvider provider ? new TreeMap<>(provider.getProperties()) : new TreeMap<>();
        for (Property property : instance.getClass().getAnnotationsByType(Property.class)) {
            settings.put(property.name(), property.value());
        }
        EmbeddedServer server = serverFor(settings, instance.getClass());
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("stop-at-the-end", key -> (AutoCloseable) SharedApp::stop);
        server.getApplicationContext().inject(instance);
    }

    private static int started;

    private static synchronized EmbeddedServer serverFor(Map<String, String> settings, Class<?> forClass) {
        if (running != null && settings.equals(runningSettings)) {
            return running;
        }
        stop();
        Map<String, Object> properties = new HashMap<>(settings);
        if (!settings.containsKey("micronaut.server.port")) {
            int port = FreePort.next();
            properties.put("micronaut.server.port", Integer.toString(port));
            properties.putIfAbsent("cortege.public-url", "http://localhost:" + port);
        }
        properties.putIfAbsent("endpoints.all.port", Integer.toString(FreePort.next()));
        long start = System.nanoTime();
        // As @MicronautTest builds it: ApplicationContext.builder() applies the @ContextConfigurer services
        // (EmbeddedDatabaseConfigurer starts the embedded MariaDB when no database is configured).
        ApplicationContext context = ApplicationContext.builder().environments("test")
                .propertySources(PropertySource.of("test-properties", properties)).build();
        try {
            context.start();
            running = context.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        runningSettings = settings;
        System.out.printf("SharedApp: app %d started in %d ms for %s%s%n", ++started, (System.nanoTime() - start) / 1_000_000,
                forClass.getSimpleName(), SharedAppOrder.hasOwnSettings(forClass) ? " (settings of its own)" : " and the classes after it");
        return running;
    }

    /** Stops the running app, if any. */
    static synchronized void stop() {
        if (running != null) {
            EmbeddedServer server = running;
            running = null;
            runningSettings = null;
            server.getApplicationContext().close();
        }
    }
}
