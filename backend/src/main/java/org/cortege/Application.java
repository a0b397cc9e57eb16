package org.cortege;

import io.micronaut.runtime.Micronaut;
import org.cortege.cli.Cli;

/**
 * Starts Cortège: the JSON API under /api, the Vue app, and health and metrics on the management
 * port. With a command ({@code migrate}, {@code create-admin}, {@code demo}, {@code purge}…, see
 * {@code --help}), runs it and exits instead.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && Cli.COMMANDS.contains(args[0])) {
            // The embedded MariaDB's watcher thread would keep the JVM alive: exit, and the shutdown hook stops it.
            System.exit(Cli.execute(args));
        }
        Micronaut.build(args)
                .mainClass(Application.class)
                .defaultEnvironments("prod")
                .banner(false)
                .start();
    }
}
