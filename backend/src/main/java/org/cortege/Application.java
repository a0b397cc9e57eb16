package org.cortege;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.Arrays;
import org.cortege.demo.DemoData;

/**
 * Starts Cortège: the JSON API under /api, the Vue app, health, on one port. With a command, runs
 * it and exits instead:
 * <ul>
 *   <li>{@code demo --supporters N [--groups G] [--actions A] [--seed S]}: adds N generated, confirmed
 *   supporters (fake data, addresses under {@code example.invalid}), G groups founded by them and A
 *   actions of those groups, to fill a demo instance.</li>
 * </ul>
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            demo(Arrays.copyOfRange(args, 1, args.length));
            // The embedded MariaDB's watcher thread would keep the JVM alive: exit, and the shutdown hook stops it.
            System.exit(0);
        }
        Micronaut.build(args)
                .mainClass(Application.class)
                .defaultEnvironments("prod")
                .banner(false)
                .start();
    }

    private static void demo(String[] args) throws Exception {
        int supporters = 1000;
        int groups = 0;
        int actions = 0;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--supporters" -> supporters = Integer.parseInt(args[i + 1]);
                case "--groups" -> groups = Integer.parseInt(args[i + 1]);
                case "--actions" -> actions = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; usage: demo --supporters N [--groups G] [--actions A] [--seed S]");
            }
        }
        if (supporters < 0 || supporters > 10_000_000 || groups < 0 || groups > 1_000_000 || actions < 0 || actions > 5_000_000) {
            throw new IllegalArgumentException("--supporters goes up to 10 000 000, --groups up to 1 000 000, --actions up to 5 000 000");
        }
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).environments("prod", "cli")
                .args(args).start()) {
            long started = System.nanoTime();
            DemoData demo = context.getBean(DemoData.class);
            int added = demo.insertConfirmedSupporters(supporters, seed);
            int addedGroups = demo.insertGroups(groups, seed);
            int addedActions = demo.insertActions(actions, seed);
            System.out.printf("Added %d demo supporters, %d demo groups and %d demo actions in %d ms%n", added, addedGroups, addedActions,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
