package org.cortege;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.Arrays;
import org.cortege.demo.DemoData;

/**
 * Starts Cortège: the JSON API under /api, the Vue app, health, on one port. With a command, runs
 * it and exits instead:
 * <ul>
 *   <li>{@code demo --supporters N [--seed S]}: adds N generated, confirmed supporters (fake data,
 *   addresses under {@code example.invalid}) to fill a demo instance.</li>
 * </ul>
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            demo(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Micronaut.build(args)
                .mainClass(Application.class)
                .defaultEnvironments("prod")
                .banner(false)
                .start();
    }

    private static void demo(String[] args) throws Exception {
        int supporters = 1000;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--supporters" -> supporters = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; usage: demo --supporters N [--seed S]");
            }
        }
        if (supporters < 0 || supporters > 10_000_000) {
            throw new IllegalArgumentException("--supporters must be between 0 and 10 000 000");
        }
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).environments("prod", "cli")
                .args(args).start()) {
            long started = System.nanoTime();
            int added = context.getBean(DemoData.class).insertConfirmedSupporters(supporters, seed);
            System.out.printf("Added %d demo supporters in %d ms%n", added, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
