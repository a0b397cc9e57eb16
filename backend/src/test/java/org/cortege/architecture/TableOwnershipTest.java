package org.cortege.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per table: the table of docs/architecture.md says which feature owns each table, which
 * others may read it and why, and the known debts. This test reads every SQL string and
 * {@code @Query} of the main sources, finds which feature names which table and how (writes:
 * INSERT, UPDATE, DELETE, REPLACE; reads: FROM, JOIN), and fails on what the document does not
 * allow, on a debt that is paid but still listed, and on a table of the migrations without a row.
 */
class TableOwnershipTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getFileName().toString().equals("backend")
            ? Path.of(System.getProperty("user.dir")).getParent() : Path.of(System.getProperty("user.dir"));
    private static final Path SOURCES = ROOT.resolve("backend/src/main/java/org/cortege");
    private static final Path MIGRATIONS = ROOT.resolve("backend/src/main/resources/db/migration");
    private static final Path DOC = ROOT.resolve("docs/architecture.md");

    private record Rule(String owner, Set<String> readers, Set<String> debtWrites, Set<String> debtReads) {
    }

    /** feature + " writes|reads " + table, with the files where it happens. */
    private record Use(String feature, String kind, String table) {
    }

    @Test
    void everyTableIsNamedInSqlOnlyAsDocsArchitectureAllows() throws IOException {
        Map<String, Rule> rules = readDoc();
        Set<String> tables = migrationTables();
        Set<String> missing = new TreeSet<>(tables);
        missing.removeAll(rules.keySet());
        assertEquals(Set.of(), missing, "tables of the migrations without a row in docs/architecture.md: give each one an owner");

        Map<Use, Set<String>> uses = scan(rules.keySet());
        List<String> refused = new ArrayList<>();
        Set<String> debtsSeen = new HashSet<>();
        uses.forEach((use, files) -> {
            Rule rule = rules.get(use.table());
            if (use.feature().equals(rule.owner())) {
                return;
            }
            boolean write = use.kind().equals("writes");
            if (write ? rule.debtWrites().contains(use.feature()) : rule.debtReads().contains(use.feature())) {
                debtsSeen.add(use.table() + " " + use.kind() + " " + use.feature());
                return;
            }
            if (!write && rule.readers().contains(use.feature())) {
                return;
            }
            refused.add(use.feature() + " " + use.kind() + " " + use.table() + " (" + String.join(", ", files) + "), owned by "
                    + rule.owner() + (write ? ": call " + rule.owner() + "'s service to change it"
                    : ": ask " + rule.owner() + "'s service, or declare the read in docs/architecture.md with its reason"));
        });
        assertEquals(List.of(), refused, "SQL naming another feature's table");

        List<String> paid = new ArrayList<>();
        rules.forEach((table, rule) -> {
            rule.debtWrites().forEach(f -> {
                if (!debtsSeen.contains(table + " writes " + f)) {
                    paid.add(f + " no longer writes " + table);
                }
            });
            rule.debtReads().forEach(f -> {
                if (!debtsSeen.contains(table + " reads " + f)) {
                    paid.add(f + " no longer reads " + table);
                }
            });
        });
        assertEquals(List.of(), paid, "debts paid: remove them from docs/architecture.md so the rule holds from now on");
    }

    @Test
    void theScannerSeesWritesAndReadsInConcatenatedStringsAndTextBlocks() {
        String java = """
                class X {
                    @Query(value = "UPDATE person SET a = 1 WHERE id IN (SELECT person_id FROM "
                            + "group_membership m JOIN support_group g ON g.id = m.group_id)", nativeQuery = true)
                    String s = \"""
                        INSERT IGNORE INTO person_tag (a) SELECT id FROM `tag`
                        \""";
                    // FROM event is a comment, not SQL
                    String t = "DELETE FROM mail_outbox WHERE 1";
                    String audit = "update person.territories"; // an audit action's name, not SQL
                    String other = "person.update" + "person"; // nor these
                }""";
        Set<String> found = new TreeSet<>();
        uses(java, Set.of("person", "group_membership", "support_group", "person_tag", "tag", "mail_outbox", "event"))
                .forEach((table, kinds) -> kinds.forEach(k -> found.add(k + " " + table)));
        assertEquals(new TreeSet<>(List.of("writes person", "reads group_membership", "reads support_group", "writes person_tag",
                "reads tag", "writes mail_outbox")), found);
    }

    private static Map<String, Rule> readDoc() throws IOException {
        Map<String, Rule> rules = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| `([a-z_0-9]+)` \\| ([a-z]+) \\|(.*)\\|(.*)\\|\\s*$");
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Set<String> readers = new TreeSet<>();
            for (String reader : m.group(3).replaceAll("\\([^)]*\\)", "").split(",")) {
                if (!reader.isBlank()) {
                    readers.add(reader.strip());
                }
            }
            Set<String> writes = new TreeSet<>();
            Set<String> reads = new TreeSet<>();
            for (String part : m.group(4).split(";")) {
                String[] kv = part.split(":", 2);
                if (kv.length == 2) {
                    for (String f : kv[1].split(",")) {
                        if (!f.isBlank()) {
                            (kv[0].strip().equals("writes") ? writes : reads).add(f.strip());
                        }
                    }
                }
            }
            rules.put(m.group(1), new Rule(m.group(2), readers, writes, reads));
        }
        assertFalse(rules.isEmpty(), "no table rows found in " + DOC);
        return rules;
    }

    private static Set<String> migrationTables() throws IOException {
        Set<String> tables = new TreeSet<>();
        Pattern create = Pattern.compile("CREATE TABLE (?:IF NOT EXISTS )?`?([a-z_0-9]+)`?", Pattern.CASE_INSENSITIVE);
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Matcher m = create.matcher(Files.readString(f));
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase());
                }
            }
        }
        Matcher drop = Pattern.compile("DROP TABLE (?:IF EXISTS )?`?([a-z_0-9]+)`?", Pattern.CASE_INSENSITIVE).matcher("");
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                drop.reset(Files.readString(f));
                while (drop.find()) {
                    tables.remove(drop.group(1).toLowerCase());
                }
            }
        }
        return tables;
    }

    private static Map<Use, Set<String>> scan(Set<String> tables) throws IOException {
        Map<Use, Set<String>> uses = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String feature = SOURCES.relativize(f).getName(0).toString();
                if (feature.endsWith(".java")) {
                    continue;
                }
                uses(Files.readString(f), tables).forEach((table, kinds) -> kinds.forEach(kind ->
                        uses.computeIfAbsent(new Use(feature, kind, table), u -> new TreeSet<>()).add(f.getFileName().toString())));
            }
        }
        return uses;
    }

    /**
     * Table → "writes"/"reads", from the string literals and text blocks of one Java file. SQL keywords
     * are written in capitals in this codebase, so "update person" in an audit action's name is not SQL.
     */
    private static Map<String, Set<String>> uses(String java, Set<String> tables) {
        StringBuilder sql = new StringBuilder();
        Matcher blocks = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL).matcher(java);
        while (blocks.find()) {
            sql.append(blocks.group(1)).append(' ');
        }
        Matcher literals = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"").matcher(blocks.replaceAll(" "));
        while (literals.find()) {
            sql.append(literals.group(1)).append(' ');
        }
        String names = String.join("|", tables.stream().sorted((a, b) -> b.length() - a.length()).toList());
        Map<String, Set<String>> found = new LinkedHashMap<>();
        Matcher writes = Pattern.compile("\\b(?:INSERT\\s+(?:IGNORE\\s+)?INTO|REPLACE\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+`?(" + names + ")`?(?![.\\w])").matcher(sql);
        while (writes.find()) {
            found.computeIfAbsent(writes.group(1).toLowerCase(), t -> new TreeSet<>()).add("writes");
        }
        Matcher reads = Pattern.compile("\\b(?:FROM|JOIN)\\s+`?(" + names + ")`?(?![.\\w])").matcher(sql);
        while (reads.find()) {
            // the table a DELETE FROM names is written, not read
            int start = reads.start();
            if (sql.substring(Math.max(0, start - 8), start).toUpperCase().matches(".*DELETE\\s*$")) {
                continue;
            }
            found.computeIfAbsent(reads.group(1).toLowerCase(), t -> new TreeSet<>()).add("reads");
        }
        return found;
    }
}
