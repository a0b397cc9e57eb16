package org.cortege.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.http.annotation.Controller;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The house's rules, checked on the compiled classes (ArchUnit): features depend on each other
 * without cycles, the shared kernel on no feature, controllers call services (never a repository or
 * SQL), a feature's repositories are its own, and the pool's raw {@code DataSource} is reached only
 * where written down below. Which feature owns which table is {@link TableOwnershipTest}'s part.
 * When a rule fails, its message says what to do; docs/architecture.md draws the house.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.cortege");

    /** The features (top-level packages with data of their own); the others are the shell around them. */
    private static final String[] FEATURES = {"org.cortege.people..", "org.cortege.groups..", "org.cortege.events..", "org.cortege.geo..",
        "org.cortege.counters..", "org.cortege.mail..", "org.cortege.moderation..", "org.cortege.admin..", "org.cortege.privacy..",
        "org.cortege.access..", "org.cortege.maintenance..", "org.cortege.referrals..", "org.cortege.activity.."};

    /**
     * Classes that still unwrap the pool's DataSource or use JdbcOperations themselves instead of the
     * {@code shared.Sql} helper (inside the transaction manager). Known debts of the one-way-to-the-database
     * rule: shrink this list, never grow it. (Empty since the demo generator writes through each owner's
     * bulk writer: GeneratedPeople, GeneratedGroups, GeneratedActions.)
     */
    private static final Set<String> RAW_DATA_SOURCE_DEBTS = Set.of();

    /**
     * Libraries that take a DataSource and run their own transactions on it: Flyway (SchemaGuard and MigrationWait read
     * the migrations' state) and Bucket4j's MySQL buckets (RateLimiter; a bucket's SELECT … FOR UPDATE
     * must commit at once, outside the request's transaction).
     */
    private static final Set<String> LIBRARIES_GIVEN_THE_POOL = Set.of("org.cortege.ops.SchemaGuard", "org.cortege.ops.MigrationWait",
            "org.cortege.shared.RateLimiter");

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching("org.cortege.(*)..").should().beFreeOfCycles()
                .because("a feature calls another's public service; if that one needs to react back, publish an event "
                        + "(ApplicationEventPublisher) instead of calling up")
                .check(MAIN);
    }

    @Test
    void theSharedKernelDependsOnNoFeature() {
        noClasses().that().resideInAPackage("org.cortege.shared..").should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .because("shared holds what every feature uses (SQL helper, errors, messages, settings): "
                        + "move what needs a feature into that feature")
                .check(MAIN);
    }

    @Test
    void featuresDoNotReachUpToThePagesTheCommandsOrTheDemo() {
        noClasses().that().resideInAnyPackage(FEATURES).should().dependOnClassesThat()
                .resideInAnyPackage("org.cortege.web..", "org.cortege.cli..", "org.cortege.demo..", "org.cortege.ops..")
                .because("web, cli, ops and demo are built on the features, not the other way round")
                .check(MAIN);
    }

    @Test
    void controllersCallServicesNeverTheDatabase() {
        noClasses().that().areAnnotatedWith(Controller.class).should().dependOnClassesThat().areAnnotatedWith(JdbcRepository.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.cortege.shared.Sql")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.sql.DataSource")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.micronaut.data.jdbc.runtime.JdbcOperations")
                .because("a controller reads the request and calls its feature's service, where the rules and the "
                        + "transaction are: move the query into the service")
                .check(MAIN);
    }

    @Test
    void aFeaturesRepositoriesAreItsOwn() {
        classes().that().areAnnotatedWith(JdbcRepository.class).should(onlyBeUsedInTheirOwnPackage())
                .because("another feature reaches these rows through the owning feature's public service "
                        + "(docs/architecture.md lists the tables and their owners)")
                .check(MAIN);
    }

    @Test
    void theRawDataSourceIsReachedOnlyWhereWrittenDown() {
        Set<String> users = new TreeSet<>();
        for (JavaClass c : MAIN) {
            if (c.getName().contains(".$")) {
                continue; // Micronaut's generated bean definitions inject what the class asks for
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getName();
                if (target.equals("javax.sql.DataSource") || target.equals("io.micronaut.data.jdbc.runtime.JdbcOperations")
                        || target.equals("io.micronaut.data.connection.jdbc.advice.DelegatingDataSource")) {
                    users.add(c.getName().contains("$") ? c.getName().substring(0, c.getName().indexOf('$')) : c.getName());
                }
            }
        }
        users.remove("org.cortege.shared.Sql");
        users.removeIf(n -> n.startsWith("org.cortege.shared.EmbeddedDatabase") || n.equals("org.cortege.shared.DatabaseFactory"));
        Set<String> undeclared = new TreeSet<>(users);
        undeclared.removeAll(RAW_DATA_SOURCE_DEBTS);
        undeclared.removeAll(LIBRARIES_GIVEN_THE_POOL);
        Set<String> paid = new TreeSet<>(RAW_DATA_SOURCE_DEBTS);
        paid.addAll(LIBRARIES_GIVEN_THE_POOL);
        paid.removeAll(users);
        assertEquals(Set.of(), undeclared, "these classes reach the pool's DataSource or JdbcOperations: use org.cortege.shared.Sql "
                + "(bound parameters, the transaction's connection) or the feature's repository instead");
        assertEquals(Set.of(), paid, "these no longer reach the DataSource: remove them from RAW_DATA_SOURCE_DEBTS or LIBRARIES_GIVEN_THE_POOL so the rule holds for them");
    }

    /** A unit past ~400 lines usually does several jobs: split it along its seams, or say in its header why not yet. */
    @Test
    void aLongSourceFileSaysWhyInItsHeader() throws java.io.IOException {
        java.nio.file.Path cwd = java.nio.file.Path.of(System.getProperty("user.dir"));
        java.nio.file.Path sources = (cwd.getFileName().toString().equals("backend") ? cwd : cwd.resolve("backend")).resolve("src/main/java");
        List<String> unexplained = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(sources)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(f);
                int header = lines.indexOf(lines.stream().filter(l -> l.matches("^(public |final |abstract )*(class|interface|record|enum) .*|^@.*"))
                        .findFirst().orElse(""));
                boolean says = lines.subList(0, Math.max(0, header)).stream().anyMatch(l -> l.contains("Why it is long:"));
                if (lines.size() > 400 && !says) {
                    unexplained.add(sources.relativize(f) + " (" + lines.size() + " lines)");
                }
            }
        }
        assertEquals(List.of(), unexplained, "split these along their seams, or write in the class's header comment a sentence "
                + "starting \"Why it is long:\" that says which jobs it still holds");
    }

    private static ArchCondition<JavaClass> onlyBeUsedInTheirOwnPackage() {
        return new ArchCondition<>("only be used in their own package") {
            @Override
            public void check(JavaClass repository, ConditionEvents events) {
                for (Dependency d : repository.getDirectDependenciesToSelf()) {
                    JavaClass user = d.getOriginClass();
                    if (!user.getPackageName().equals(repository.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(d, user.getName() + " uses " + repository.getSimpleName()
                                + " of package " + repository.getPackageName()));
                    }
                }
            }
        };
    }
}
