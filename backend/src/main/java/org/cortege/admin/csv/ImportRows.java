package org.cortege.admin.csv;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.cortege.admin.Staff;
import org.cortege.geo.GeoService;
import org.cortege.geo.Place;
import org.cortege.people.Inputs;
import org.cortege.shared.InstanceSettings;

/**
 * Reads one line of an import into a person to create or update, or says why it cannot: every
 * check the sign-up form makes, with the formats spreadsheets write (dates as 17/05/1990, "oui"
 * for consent, interests by name or key).
 */
@Singleton
class ImportRows {

    /** A line as a person; {@code place} null when the file gives no postal code. */
    record Draft(int line, String email, String firstName, String lastName, @Nullable String phone, @Nullable LocalDate birthDate,
                 @Nullable Place place, List<String> interests, List<String> tags, boolean emailConsent) {
    }

    /** Why a line was refused: a key of {@code i18n/messages} and its arguments. */
    @io.micronaut.serde.annotation.Serdeable
    record Problem(int line, String key, List<String> args) {
    }

    /** Either a draft or a problem. */
    record Result(@Nullable Draft draft, @Nullable Problem problem) {
    }

    private static final Pattern EMAIL = Pattern.compile(Inputs.EMAIL);
    private static final Pattern NAME = Pattern.compile(Inputs.NAME);
    private static final Pattern PHONE = Pattern.compile(Inputs.PHONE);
    /** Strict: 31/02/1990 is refused, not moved to 28 February. */
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d-M-uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT));
    private static final Set<String> YES = Set.of("oui", "yes", "y", "o", "1", "true", "vrai", "x", "ok");
    private static final Set<String> NO = Set.of("", "non", "no", "n", "0", "false", "faux");

    private final GeoService geo;
    private final InstanceSettings settings;

    /** The instance's country, for people imported without a postal code. */
    String country() {
        return geo.country();
    }

    ImportRows(GeoService geo, InstanceSettings settings) {
        this.geo = geo;
        this.settings = settings;
    }

    /**
     * @param columns field → column index, as the admin mapped them
     * @param line    the line number in the file (the header is line 1)
     */
    Result read(CSVRecord record, Map<String, Integer> columns, int line, Staff staff) {
        String email = cell(record, columns, "email").toLowerCase(Locale.ROOT);
        if (email.isEmpty()) {
            return problem(line, "import.error.emailMissing");
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            return problem(line, "import.error.email", email);
        }
        String first = Inputs.normalizeName(cell(record, columns, "firstName"));
        String last = Inputs.normalizeName(cell(record, columns, "lastName"));
        for (String name : List.of(first, last)) {
            if (!name.isEmpty() && (name.length() > 100 || !NAME.matcher(name).matches())) {
                return problem(line, "import.error.name", name);
            }
        }
        String phone = cell(record, columns, "phone");
        if (!phone.isEmpty() && (phone.length() > 30 || !PHONE.matcher(phone).matches())) {
            return problem(line, "import.error.phone", phone);
        }
        LocalDate birth = null;
        String rawBirth = cell(record, columns, "birthDate");
        if (!rawBirth.isEmpty()) {
            birth = date(rawBirth);
            if (birth == null || birth.isBefore(LocalDate.of(1900, 1, 1)) || birth.isAfter(LocalDate.now(settings.timeZone()))) {
                return problem(line, "import.error.birthDate", rawBirth);
            }
        }
        Place place = null;
        String postal = cell(record, columns, "postalCode");
        if (!postal.isEmpty()) {
            boolean excelDroppedTheZero = "FR".equals(geo.country()) && postal.length() == 4;   // 01000 read as a number: 1000
            String normalized = geo.normalizePostalCode(excelDroppedTheZero ? "0" + postal : postal);
            List<Place> places = normalized == null ? List.of() : geo.placesFor(normalized);
            if (places.isEmpty()) {
                return problem(line, "import.error.postalCode", postal);
            }
            String commune = ImportFields.key(cell(record, columns, "commune"));
            place = places.stream().filter(p -> !commune.isEmpty() && ImportFields.key(p.commune()).equals(commune)).findFirst()
                    .orElse(places.get(0));
        }
        if (!staff.reaches(place == null ? null : place.departement())) {
            return problem(line, "import.error.outsideTerritory");
        }
        List<String> interests = new ArrayList<>();
        for (String raw : list(cell(record, columns, "interests"))) {
            String key = interestKey(raw);
            if (key == null) {
                return problem(line, "import.error.interest", raw);
            }
            if (!interests.contains(key)) {
                interests.add(key);
            }
        }
        List<String> tags = new ArrayList<>();
        for (String raw : list(cell(record, columns, "tags"))) {
            String tag = raw.replaceAll("[\\s\\u00a0\\u202f]+", " ").strip();
            if (tag.length() > 60 || tag.matches(".*[<>\\p{Cntrl}].*")) {
                return problem(line, "import.error.tag", tag.length() > 60 ? tag.substring(0, 60) + "…" : tag);
            }
            if (!tag.isEmpty() && tags.stream().noneMatch(t -> t.equalsIgnoreCase(tag))) {
                tags.add(tag);
            }
        }
        String rawConsent = ImportFields.key(cell(record, columns, "emailConsent"));
        if (!YES.contains(rawConsent) && !NO.contains(rawConsent)) {
            return problem(line, "import.error.consent", cell(record, columns, "emailConsent"));
        }
        return new Result(new Draft(line, email, first, last, phone.isEmpty() ? null : phone, birth, place, interests, tags,
                YES.contains(rawConsent)), null);
    }

    private static String cell(CSVRecord record, Map<String, Integer> columns, String field) {
        Integer i = columns.get(field);
        if (i == null || i >= record.size()) {
            return "";
        }
        String v = record.get(i);
        if (v == null) {
            return "";
        }
        v = v.strip();
        // Undo the quote an export puts before a cell that looks like a formula (see ExportService.neutralise).
        return v.length() > 1 && v.charAt(0) == '\'' && "=+-@".indexOf(v.charAt(1)) >= 0 ? v.substring(1) : v;
    }

    private static LocalDate date(String raw) {
        for (DateTimeFormatter f : DATES) {
            try {
                return LocalDate.parse(raw.strip(), f);
            } catch (DateTimeParseException e) {
                // next format
            }
        }
        return null;
    }

    private static List<String> list(String cell) {
        List<String> out = new ArrayList<>();
        for (String part : cell.split("[,;|]")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(out));
    }

    private String interestKey(String raw) {
        String k = ImportFields.key(raw);
        for (InstanceSettings.Interest i : settings.interests()) {
            if (ImportFields.key(i.key()).equals(k) || ImportFields.key(i.fr()).equals(k) || ImportFields.key(i.en()).equals(k)) {
                return i.key();
            }
        }
        return null;
    }

    private static Result problem(int line, String key, String... args) {
        return new Result(null, new Problem(line, key, List.of(args)));
    }
}
