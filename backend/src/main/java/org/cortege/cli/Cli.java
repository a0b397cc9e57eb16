package org.cortege.cli;

import io.micronaut.context.ApplicationContext;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.cortege.demo.DemoData;
import org.cortege.maintenance.DataRetentionJob;
import org.cortege.people.PersonService;
import org.cortege.privacy.InactiveContacts;
import org.cortege.shared.ApiException;
import org.cortege.shared.Messages;
import org.cortege.shared.Sql;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The operator's commands: {@code java -jar cortege.jar <command>}. Each one starts the application
 * context on the configured database (or the embedded one) without the web server and without
 * background jobs, does its work, and exits with 0 on success, 1 on bad input, 2 on usage errors.
 */
@Command(name = "java -jar cortege.jar", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Cortège: without a command, starts the platform. Commands for operators:",
        subcommands = {Cli.Migrate.class, Cli.CreateAdmin.class, Cli.RevokeAdmin.class, Cli.ResetSecondFactor.class, Cli.Demo.class, Cli.Purge.class,
                Cli.ImportPostalCodes.class, CommandLine.HelpCommand.class})
public final class Cli implements Runnable {

    /** The words that make {@code main} run a command instead of the server. */
    public static final Set<String> COMMANDS = Set.of("migrate", "create-admin", "revoke-admin", "reset-second-factor", "demo", "purge",
            "import-postal-codes", "help",
            "-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command; returns the process's exit code. */
    public static int execute(String... args) {
        return new CommandLine(new Cli()).setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ApiException api) {
                line.getErr().println(message(api));
                return 1;
            }
            throw e;
        }).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static ApplicationContext context() {
        return ApplicationContext.builder().deduceEnvironment(false).environments("prod", "cli").start();
    }

    private static String message(ApiException e) {
        Locale locale = System.getenv().getOrDefault("LANG", "").startsWith("fr") ? Messages.FRENCH : Messages.ENGLISH;
        Messages messages = new Messages();
        StringBuilder out = new StringBuilder(messages.get(locale, e.messageKey(), e.args()));
        e.fieldErrors().forEach((field, key) -> out.append(System.lineSeparator()).append("--").append(field).append(": ")
                .append(messages.get(locale, key, e.args())));
        return out.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"Cortège " + (v == null ? "(development build)" : v)};
        }
    }

    @Command(name = "migrate", description = "Applies the database migrations (and loads the geography table), then exits.")
    static final class Migrate implements Callable<Integer> {
        @Override
        public Integer call() {
            try (ApplicationContext context = context()) {
                long version = context.getBean(Sql.class)
                        .number("SELECT MAX(CAST(version AS UNSIGNED)) FROM flyway_schema_history WHERE success", java.util.List.of());
                System.out.printf("Database schema at version %d%n", version);
                return 0;
            }
        }
    }

    @Command(name = "create-admin", description = {"Makes a person an admin (creating them if the address is unknown) and prints "
            + "a sign-in link valid 15 minutes.", "An admin made here stays one until revoke-admin, whatever CORTEGE_ADMIN_EMAILS says."})
    static final class CreateAdmin implements Callable<Integer> {
        @Option(names = "--email", required = true, description = "Their email address.")
        String email;
        @Option(names = "--first-name", description = "For a new person.", defaultValue = "Admin")
        String firstName;
        @Option(names = "--last-name", description = "For a new person.", defaultValue = "Cortège")
        String lastName;
        @Option(names = "--postal-code", description = "For a new person (default: ${DEFAULT-VALUE}).", defaultValue = "75001")
        String postalCode;

        @Override
        public Integer call() {
            try (ApplicationContext context = context()) {
                String link = context.getBean(org.cortege.people.Admins.class).grantAdmin(email, firstName, lastName, postalCode);
                System.out.println("Admin: " + email.trim().toLowerCase(Locale.ROOT));
                System.out.println("Sign in within 15 minutes with this link (it works once; keep it private):");
                System.out.println(link);
                var secondFactors = context.getBean(org.cortege.people.SecondFactorService.class);
                var person = context.getBean(PersonService.class).findByEmail(email);
                if (secondFactors.required() && person.isPresent() && !secondFactors.has(person.get())) {
                    System.out.println("Staff pages need an authenticator app here. Permit to set one up (valid 7 days, once):");
                    System.out.println(secondFactors.issuePermit(person.get(), null));
                }
                return 0;
            }
        }
    }

    @Command(name = "revoke-admin", description = "Withdraws what create-admin granted (CORTEGE_ADMIN_EMAILS still applies).")
    static final class RevokeAdmin implements Callable<Integer> {
        @Option(names = "--email", required = true, description = "Their email address.")
        String email;

        @Override
        public Integer call() {
            try (ApplicationContext context = context()) {
                if (!context.getBean(org.cortege.people.Admins.class).revokeAdmin(email)) {
                    System.err.println("Nobody has this address.");
                    return 1;
                }
                System.out.println("Done: the grant is withdrawn.");
                return 0;
            }
        }
    }

    @Command(name = "reset-second-factor", description = {"Removes a person's authenticator app and recovery codes (a lost "
            + "phone, or locked after 20 wrong codes), closes their sessions and prints a permit to set up a new one.",
            "Check who is asking first. They are told by mail."})
    static final class ResetSecondFactor implements Callable<Integer> {
        @Option(names = "--email", required = true, description = "Their email address.")
        String email;

        @Override
        public Integer call() {
            try (ApplicationContext context = context()) {
                var person = context.getBean(PersonService.class).findByEmail(email);
                if (person.isEmpty()) {
                    System.err.println("Nobody has this address.");
                    return 1;
                }
                var secondFactors = context.getBean(org.cortege.people.SecondFactorService.class);
                boolean had = secondFactors.reset(person.get());
                System.out.println(had ? "Done: the authenticator app and recovery codes are removed, the person's sessions closed; "
                        + "they were told by mail." : "This person had no authenticator app.");
                if (secondFactors.required()) {
                    System.out.println("Hand them this permit to set up a new one (valid 7 days, once; not by mail):");
                    System.out.println(secondFactors.issuePermit(person.get(), null));
                }
                return 0;
            }
        }
    }

    @Command(name = "demo", description = {"Adds generated demo data: confirmed supporters (addresses under example.invalid), groups "
            + "founded by them and actions of those groups.", "Fake data: never on an instance with real supporters."})
    static final class Demo implements Callable<Integer> {
        @Option(names = "--supporters", defaultValue = "1000", description = "Up to 10 000 000 (default: ${DEFAULT-VALUE}).")
        int supporters;
        @Option(names = "--groups", defaultValue = "0", description = "Up to 1 000 000.")
        int groups;
        @Option(names = "--actions", defaultValue = "0", description = "Up to 5 000 000.")
        int actions;
        @Option(names = "--seed", defaultValue = "1", description = "The same seed gives the same data.")
        long seed;

        @Override
        public Integer call() throws java.sql.SQLException {
            if (supporters < 0 || supporters > 10_000_000 || groups < 0 || groups > 1_000_000 || actions < 0 || actions > 5_000_000) {
                System.err.println("--supporters goes up to 10 000 000, --groups up to 1 000 000, --actions up to 5 000 000");
                return 2;
            }
            try (ApplicationContext context = context()) {
                long started = System.nanoTime();
                DemoData demo = context.getBean(DemoData.class);
                int added = demo.insertConfirmedSupporters(supporters, seed);
                int addedGroups = demo.insertGroups(groups, seed);
                int addedActions = demo.insertActions(actions, seed);
                System.out.printf("Added %d demo supporters, %d demo groups and %d demo actions in %d ms%n", added, addedGroups,
                        addedActions, (System.nanoTime() - started) / 1_000_000);
                return 0;
            }
        }
    }

    @Command(name = "purge", description = "Runs the retention work now: unconfirmed sign-ups, expired tokens and sessions, old "
            + "mails, imported files, the access log's old entries, inactive contacts (notice, then erasure), imported prospects "
            + "without answer and imports past their purge date.")
    static final class Purge implements Callable<Integer> {
        @Override
        public Integer call() {
            try (ApplicationContext context = context()) {
                DataRetentionJob.Report r = context.getBean(DataRetentionJob.class).run();
                InactiveContacts.Report inactive = context.getBean(InactiveContacts.class).run();
                System.out.printf("Removed %d unconfirmed sign-ups, %d tokens, %d sessions, %d mails, %d rate-limit buckets, "
                        + "%d imported files, %d access-log entries.%n", r.unconfirmedPeople(), r.tokens(), r.sessions(), r.mails(),
                        r.buckets(), r.importFiles(), r.accessLog());
                System.out.printf("Inactive contacts: %d notified, %d erased, %d active again.%n", inactive.notified(),
                        inactive.erased(), inactive.backInAction());
                System.out.printf("Imported contacts: %d prospects without answer erased, %d erased at their import's purge date.%n",
                        r.importedProspects(), r.importEnds());
                return 0;
            }
        }
    }

    @Command(name = "import-postal-codes", description = {"Loads another country's postal codes from a GeoNames postal-code "
            + "file (https://download.geonames.org/export/zip/, e.g. BE.zip unzipped), replacing that country's rows.",
            "Then set CORTEGE_COUNTRY to that country and restart: sign-ups, groups and actions use its postal codes."})
    static final class ImportPostalCodes implements Callable<Integer> {
        @Option(names = "--file", required = true, description = "The GeoNames file (tab-separated, UTF-8).")
        java.nio.file.Path file;
        @Option(names = "--country", required = true, description = "Two-letter ISO code of the rows to take (BE, CH, DE…).")
        String country;

        @Override
        public Integer call() throws java.io.IOException, java.sql.SQLException {
            if (!java.nio.file.Files.isReadable(file)) {
                System.err.println("Cannot read " + file);
                return 1;
            }
            try (ApplicationContext context = context()) {
                org.cortege.geo.GeoNamesImport.Result r = context.getBean(org.cortege.geo.GeoNamesImport.class).load(file, country);
                System.out.printf("Loaded %d postal codes in %d areas for %s; %d lines left out%s%n", r.postalCodes(), r.areas(),
                        country.strip().toUpperCase(Locale.ROOT), r.skipped(),
                        r.firstSkipReason() == null ? "" : " (first: " + r.firstSkipReason() + ")");
                // a new file for the instance's own country: stored points follow it now, each feature
                // through its own service (the running app does the same after loading a new table)
                int people = context.getBean(org.cortege.people.PersonService.class).movePlacesToTable();
                int groups = context.getBean(org.cortege.groups.GroupService.class).movePlacesToTable();
                int actions = context.getBean(org.cortege.events.EventService.class).movePlacesToTable();
                System.out.printf("Moved to their commune's new point: %d people, %d groups, %d actions%n", people, groups, actions);
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }
}
