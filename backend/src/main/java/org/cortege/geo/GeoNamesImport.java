package org.cortege.geo;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
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

    private final DataSource dataSource;

    GeoNamesImport(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /**
     * Replaces {@code country}'s postal codes and areas with those of the file, in one transaction.
     *
     * @throws IllegalArgumentException for France, a malformed country code, or a file with no usable line of that country
     */
    public Result load(Path file, String rawCountry) throws IOException, SQLException {
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
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM geo_postal_code WHERE country = ?")) {
                    d.setString(1, country);
                    d.executeUpdate();
                }
                try (PreparedStatement d = c.prepareStatement("DELETE FROM geo_departement WHERE country = ?")) {
                    d.setString(1, country);
                    d.executeUpdate();
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO geo_postal_code (country, postal_code, insee_code, "
                        + "commune, departement, population, lat, lng, geo_precision, name_key) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)")) {
                    int n = 0;
                    for (Object[] r : rows.values()) {
                        insert.setString(1, country);
                        insert.setString(2, (String) r[0]);
                        insert.setString(3, (String) r[1]);
                        insert.setString(4, (String) r[2]);
                        insert.setString(5, (String) r[3]);
                        insert.setDouble(6, (Double) r[4]);
                        insert.setDouble(7, (Double) r[5]);
                        insert.setString(8, (String) r[6]);
                        insert.setString(9, PlaceNames.key((String) r[2]));
                        insert.addBatch();
                        if (++n % 2000 == 0) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO geo_departement (country, code, name, region) VALUES (?, ?, ?, ?)")) {
                    for (String[] a : areas.values()) {
                        insert.setString(1, country);
                        insert.setString(2, a[0]);
                        insert.setString(3, a[1]);
                        insert.setString(4, a[2]);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement upsert = c.prepareStatement("INSERT INTO geo_dataset (name, checksum, row_count, loaded_at) "
                        + "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE checksum = VALUES(checksum), row_count = VALUES(row_count), "
                        + "loaded_at = VALUES(loaded_at)")) {
                    upsert.setString(1, "geonames-" + country.toLowerCase(Locale.ROOT));
                    upsert.setString(2, Tokens.hash(file.getFileName() + "|" + rows.size() + "|" + Files.size(file)));
                    upsert.setInt(3, rows.size());
                    upsert.setTimestamp(4, Timestamp.from(Instant.now()));
                    upsert.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
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
