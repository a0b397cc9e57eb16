package org.cortege.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An organizer's territory is turned into SQL in one place ({@link Staff#scope()} and
 * {@link Staff#scopeOn}), and the admin features read people only where that scope is applied.
 * Reads the sources: a new feature that writes its own {@code departement IN (…)}, reads
 * {@code departements()} to filter, or names the {@code person} table in a file not listed here
 * with the reason it is safe, fails with what to do.
 */
class TerritoryInOnePlaceTest {

    private static final Path ADMIN = Path.of("src/main/java/org/cortege/admin");
    private static final Pattern HAND_MADE_SCOPE = Pattern.compile("departement\\s+IN\\s*\\(\\s*\"\\s*\\+\\s*Sql\\.marks|departements\\(\\)\\.contains");
    private static final Pattern PERSON_TABLE = Pattern.compile("(?i)\\b(FROM|JOIN|UPDATE|INTO)\\s+person\\b(?!_)");

    /** Files of the admin features that name the person table, and why each is within the territory. */
    private static final Map<String, String> READS_PEOPLE = Map.of(
            "ContactSearch.java", "builds every selection (search, count, export, tag, mailing audience) on Staff.scope()",
            "ContactService.java", "reads one row by id after reachable(staff, id) checked the territory",
            "DashboardService.java", "every figure ANDs Staff.scope() / scopeOn()",
            "TagService.java", "counts per tag AND Staff.scope(); writes go through ContactSearch's selection",
            "csv/ImportService.java", "the dry run counts known addresses with scopeOn()",
            "csv/ImportJob.java", "matches by email within the import's own lines; Staff.reaches() decides each row",
            "csv/ImportStore.java", "joins person only for the import author's name",
            "SegmentService.java", "joins person only for the segment author's name",
            "csv/ExportService.java", "joins person only for the export author's name; the rows come from ContactSearch",
            "campaigns/CampaignStore.java", "joins person only for the campaign author's name; audiences come from ContactSearch");

    @Test
    void theTerritoryIsWrittenOnceAndPeopleAreReadOnlyWhereItApplies() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ADMIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = ADMIN.relativize(file).toString().replace('\\', '/');
                String text = Files.readString(file);
                if (!name.equals("Staff.java") && HAND_MADE_SCOPE.matcher(text).find()) {
                    wrong.add(name + ": writes a territory condition by hand; use staff.scope(), staff.scopeOn(column) or staff.reaches(d)");
                }
                if (PERSON_TABLE.matcher(text).find() && !READS_PEOPLE.containsKey(name)) {
                    wrong.add(name + ": names the person table; go through ContactService (selection, reachable) so that the "
                            + "organizer's territory applies, or add the file to READS_PEOPLE with the reason it is safe");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
