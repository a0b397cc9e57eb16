package org.cortege;

import io.micronaut.runtime.Micronaut;

/** Starts Cortège: the JSON API under /api, the Vue app, health, on one port. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(Application.class)
                .defaultEnvironments("prod")
                .banner(false)
                .start();
    }
}
