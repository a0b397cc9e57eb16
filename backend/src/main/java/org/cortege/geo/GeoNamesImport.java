package org.cortege.geo;

import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * Loads another country's postal codes from a GeoNames postal-code file (download.geonames.org/export/zip,
 * e.g. BE.txt or allCountries.txt: tab-separated country, postal code, place, admin1 name and code,
 * admin2 name and code, admin3 name and code, latitude, longitude, accuracy), replacing that
 * country's rows. Each place becomes a "commune" with a stable id; its first-level region (or
 * second, when the first has no short code) becomes its "département", the area organizers and
 * segments work with. France's table ships with Cortège and is not loaded this way.
 */
@Singleton
public class GeoNamesImport {

    /** Postal code rows loaded, areas, and lines left out (other countries excepted) with the first reason. */
    public record Result(int postalCodes, int areas, int skipped, String firstSkipReason) {
    }

    private final Sql sql;

    GeoNamesImport(Sql sql) {
        this.sql = sql;
    }

    /**
     * Replaces {@code country}'s postal codes and areas with those of the file, in one transaction.
     *
     * @throws IllegalArgumentException for France, a malformed country code, or a file with no usable line of that country
     */
    @io.micronaut.transaction.annotation.Transactional
    public Result load(Path file, String rawCountry) throws IOException {
        String country = rawCountry == null ? "" : rawCountry.strip().toUpperCase(Locale.ROOT);
        if (!country.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("--country takes a two-letter ISO code (BE, CH, DE…), not " + rawCountry);
        }
        if (country.equals("FR")) {
            throw new IllegalArgumentException("France's postal codes ship with Cortège (finer than GeoNames'): nothing to import.");
        }
        Map<String, Object[]> rows = new LinkedHashMap<>();
        Map<String, String[]> areas = new LinkedHashMap<>();
        int skipped = 0;
        String firstReason = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                String[] f = line.split("\t", -1);
                if (f.length < 11 || !f[0].strip().equalsIgnoreCase(country)) {
                    continue;
                }
                String reason = null;
                String postal = GeoService.normalizePostalCode(f[1], country);
                String place = f[2].strip();
                String[] area = area(f);
                Double lat = number(f[9]);
                Double lng = number(f[10]);
                if (postal == null) {
                    reason = "postal code \"" + f[1] + "\"";
                } else if (place.isEmpty() || place.length() > 120) {
                    reason = "place name";
                } else if (area == null) {
                    reason = "no region code of 1 to 3 letters or digits";
                } else if (lat == null || lng == null || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
                    reason = "coordinates";
                }
                if (reason != null) {
                    skipped++;
                    firstReason = firstReason == null ? "line " + lineNumber + ": " + reason : firstReason;
                    continue;
                }
                String id = Tokens.hash(country + "|" + postal + "|" + place.toLowerCase(Locale.ROOT)).substring(0, 10);
                String precision = f.length > 11 && f[11].strip().equals("1") ? "departement" : "commune";
                rows.putIfAbsent(postal + "|" + id, new Object[] {postal, id, place, area[0], lat, lng, precision});
                areas.putIfAbsent(area[0], area);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("No usable line of country " + country + " in " + file
                    + (firstReason == null ? "" : " (" + firstReason + ")"));
        }
        // One transaction: the country's old rows stay until the new ones are all in.
        sql.update("DELETE FROM geo_postal_code WHERE country = ?", List.of(country));
        sql.update("DELETE FROM geo_departement WHERE country = ?", List.of(country));
        List<List<Object>> places = new ArrayList<>();
        for (Object[] r : rows.values()) {
            places.add(List.of(country, r[0], r[1], r[2], r[3], r[4], r[5], r[6], PlaceNames.key((String) r[2])));
        }
        sql.batch("INSERT INTO geo_postal_code (country, postal_code, insee_code, commune, departement, population, lat, lng, "
                + "geo_precision, name_key) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)", places);
        List<List<Object>> regions = new ArrayList<>();
        for (String[] a : areas.values()) {
            regions.add(List.of(country, a[0], a[1], a[2]));
        }
        sql.batch("INSERT INTO geo_departement (country, code, name, region) VALUES (?, ?, ?, ?)", regions);
        sql.update("INSERT INTO geo_dataset (name, checksum, row_count, loaded_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
                + "checksum = VALUES(checksum), row_count = VALUES(row_count), loaded_at = VALUES(loaded_at)",
                List.of("geonames-" + country.toLowerCase(Locale.ROOT), Tokens.hash(file.getFileName() + "|" + rows.size() + "|" + Files.size(file)),
                        rows.size(), Instant.now()));
        return new Result(rows.size(), areas.size(), skipped, firstReason);
    }

    /** {code, name, region}: the first-level region when its code is short, else the second level; null if neither. */
    private static String[] area(String[] f) {
        for (int i : new int[] {4, 6}) {
            String code = f[i].strip().toUpperCase(Locale.ROOT);
            String name = f[i - 1].strip();
            if (code.matches("[A-Z0-9]{1,3}")) {
                String region = f[4].strip().toUpperCase(Locale.ROOT);
                return new String[] {code, name.isEmpty() ? code : name.length() > 80 ? name.substring(0, 80) : name,
                        region.length() > 3 ? region.substring(0, 3) : region};
            }
        }
        return null;
    }

    private static Double number(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
