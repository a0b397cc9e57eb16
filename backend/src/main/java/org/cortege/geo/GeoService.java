package org.cortege.geo;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortege.shared.ApiException;
import org.cortege.shared.Sql;

/**
 * Where a postal code is: the built-in table of French postal codes, communes and points, or the
 * table of another country loaded from GeoNames ({@code cortege.jar import-postal-codes}); the
 * instance's country is {@code CORTEGE_COUNTRY} (FR by default).
 */
@Singleton
public class GeoService {

    private static final Pattern FRENCH_POSTAL_CODE = Pattern.compile("\\d{5}");
    private static final Pattern DEPARTEMENT = Pattern.compile("\\d{2}|2[ABab]|97\\d|98\\d");
    /** Elsewhere: letters and digits, with inner spaces or dashes ("SW1A 1AA", "1012 AB", "00-950"). */
    private static final Pattern OTHER_POSTAL_CODE = Pattern.compile("[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]");
    private static final Pattern OTHER_AREA = Pattern.compile("[A-Z0-9]{1,3}");

    private final Sql sql;
    private final String country;
    /** Postal codes change with a new geography file, loaded at start-up: every search near a code need not ask the database. */
    private final LoadingCache<String, List<Place>> byCode;
    /** Searches by name, typed letter by letter by many visitors: the same prefixes come back. */
    private final LoadingCache<String, List<Place>> byName;
    private final LoadingCache<String, List<Departement>> departements;

    public GeoService(Sql sql, @io.micronaut.context.annotation.Property(name = "cortege.country") String country) {
        this.sql = sql;
        this.country = country == null || country.isBlank() ? "FR" : country.strip().toUpperCase(java.util.Locale.ROOT);
        if (!this.country.matches("[A-Z]{2}")) {
            throw new IllegalStateException("CORTEGE_COUNTRY must be a two-letter ISO country code, not " + country);
        }
        this.byCode = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterWrite(Duration.ofMinutes(10)).build(this::load);
        this.departements = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(Duration.ofMinutes(10)).build(this::loadDepartements);
        this.byName = Caffeine.newBuilder().maximumSize(5_000)
                .expireAfterWrite(Duration.ofMinutes(10)).build(this::loadByName);
    }

    /** How a feature moves its rows of one commune to a point: returns how many rows moved. */
    @FunctionalInterface
    public interface PlaceMover {
        int move(String postalCode, String inseeCode, double lat, double lng, String precision);
    }

    /**
     * Moves a feature's rows, commune by commune, to the point this table has for each commune
     * (through the feature's own {@code mover}); returns how many rows moved. Communes the table no
     * longer knows are left as they are.
     */
    public int moveToTable(List<StoredPlace> stored, PlaceMover mover) {
        int moved = 0;
        for (StoredPlace p : stored) {
            Optional<Place> place = resolve(p.postalCode(), p.inseeCode()).filter(found -> found.inseeCode().equals(p.inseeCode()));
            if (place.isPresent()) {
                moved += mover.move(p.postalCode(), p.inseeCode(), place.get().lat(), place.get().lng(), place.get().precision());
            }
        }
        return moved;
    }

    /** A new table: what was cached from the old one goes. */
    @io.micronaut.runtime.event.annotation.EventListener
    void onDatasetChanged(GeoDatasetChanged changed) {
        byCode.invalidateAll();
        byName.invalidateAll();
        departements.invalidateAll();
    }

    /** The instance's country (ISO 3166 alpha-2): the postal codes people give are looked up there. */
    public String country() {
        return country;
    }

    /** A postal code of the instance's country in its stored form; null when the text cannot be one. */
    public String normalizePostalCode(String raw) {
        return normalizePostalCode(raw, country);
    }

    /**
     * France: "13 001" → "13001" (five digits). Elsewhere: upper case, spaces collapsed ("sw1a  1aa"
     * → "SW1A 1AA"), 2 to 10 letters, digits, spaces or dashes. Null when the text cannot be one.
     */
    public static String normalizePostalCode(String raw, String country) {
        if (raw == null) {
            return null;
        }
        if ("FR".equals(country)) {
            String compact = raw.replaceAll("[\\s\\u00a0\\u202f]", "");
            return FRENCH_POSTAL_CODE.matcher(compact).matches() ? compact : null;
        }
        String code = raw.replaceAll("[\\s\\u00a0\\u202f]+", " ").strip().toUpperCase(java.util.Locale.ROOT);
        return OTHER_POSTAL_CODE.matcher(code).matches() ? code : null;
    }

    /**
     * The communes served by a French postal code, most populous first; empty when the code is
     * unknown or malformed.
     */
    public List<Place> placesFor(String postalCode) {
        String code = normalizePostalCode(postalCode);
        return code == null ? List.of() : byCode.get(code);
    }

    private List<Place> load(String code) {
        return sql.list("SELECT country, postal_code, insee_code, commune, departement, population, lat, lng, geo_precision "
                + "FROM geo_postal_code WHERE country = ? AND postal_code = ? ORDER BY main DESC, population DESC, commune",
                List.of(country, code), GeoService::place);
    }

    /**
     * Every commune of the instance's country with a known population, in a stable order: for
     * generated data spread like the population (the demo command and the benchmarks).
     */
    public List<Place> populatedPlaces() {
        return sql.list("SELECT country, postal_code, insee_code, commune, departement, population, lat, lng, geo_precision "
                + "FROM geo_postal_code WHERE country = ? AND population > 0 ORDER BY postal_code, insee_code",
                List.of(country), GeoService::place);
    }

    private static Place place(ResultSet rs) throws SQLException {
        return new Place(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getDouble(7),
                rs.getDouble(8), rs.getString(9));
    }

    /**
     * The place for a postal code and, when given, one of its communes (INSEE code); without one,
     * the most populous commune of the code.
     */
    public Optional<Place> resolve(String postalCode, String inseeCode) {
        List<Place> places = placesFor(postalCode);
        if (inseeCode == null || inseeCode.isBlank()) {
            return places.stream().findFirst();
        }
        return places.stream().filter(p -> p.inseeCode().equals(inseeCode.trim())).findFirst();
    }

    /** At most this many communes answer a search by name. */
    public static final int MAX_FOUND = 10;

    /**
     * Communes whose name starts with what was typed, compared without accents, case or
     * punctuation ("st etienne" finds Saint-Étienne, "evry" Évry-Courcouronnes): by population,
     * an exact name counting ten times its population (the village of Évry, 89, comes after
     * Évry-Courcouronnes, 67 000 inhabitants; Lyon before Lyonnais villages); then names with a later word starting so ("etienne"). A postal code
     * gives its communes. One answer per commune, with its main postal code; empty when nothing matches.
     *
     * @throws ApiException 400 on {@code q} when it has fewer than 2 letters or digits, or more than 60
     */
    public List<Place> search(String q) {
        String code = normalizePostalCode(q);
        if (code != null) {
            return placesFor(code);
        }
        String key = PlaceNames.key(q);
        if (key.length() < 2 || key.length() > 60) {
            throw ApiException.invalidField("q", "validation.placeQuery");
        }
        return byName.get(key);
    }

    private List<Place> loadByName(String key) {
        java.util.LinkedHashMap<String, Place> found = new java.util.LinkedHashMap<>();
        String columns = "SELECT country, postal_code, insee_code, commune, departement, population, lat, lng, geo_precision "
                + "FROM geo_postal_code WHERE country = ? AND ";
        // name_key holds only [a-z0-9 ]: nothing in it is a LIKE wildcard
        String[][] passes = {
            {columns + "name_key LIKE ? ORDER BY population * IF(name_key = ?, 10, 1) DESC, main DESC, postal_code LIMIT 200", key + "%"},
            {columns + "name_key LIKE ? ORDER BY population DESC, main DESC, postal_code LIMIT 200", "% " + key + "%"},
        };
        for (String[] pass : passes) {
            if (found.size() >= MAX_FOUND || (pass == passes[1] && key.length() < 3)) {
                break; // the second pass reads the whole table: not for one or two letters
            }
            List<Object> params = pass[0].contains("name_key = ?") ? List.<Object>of(country, pass[1], key) : List.<Object>of(country, pass[1]);
            for (Place p : sql.list(pass[0], params, GeoService::place)) {
                if (found.size() >= MAX_FOUND) {
                    break;
                }
                found.putIfAbsent(p.inseeCode(), p);
            }
        }
        return List.copyOf(found.values());
    }

    /** A département: its code ("13", "2A", "974"), name and INSEE region code. */
    @io.micronaut.serde.annotation.Serdeable
    public record Departement(String code, String name, String region) {
    }

    /** Every département (area) of the instance's country, by code. */
    public List<Departement> departements() {
        return departements.get(country);
    }

    private List<Departement> loadDepartements(String country) {
        return sql.list("SELECT code, name, region FROM geo_departement WHERE country = ? ORDER BY code", List.of(country),
                rs -> new Departement(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    /** Whether a département (area) code exists in the instance's country ("13", "2A", "974"). */
    public boolean departementExists(String code) {
        if (code == null || !("FR".equals(country) ? DEPARTEMENT : OTHER_AREA).matcher(code.toUpperCase(java.util.Locale.ROOT)).matches()) {
            return false;
        }
        return sql.number("SELECT COUNT(*) FROM geo_departement WHERE country = ? AND code = ?",
                List.of(country, code.toUpperCase(java.util.Locale.ROOT))) > 0;
    }

    /** A commune and the point chosen in it: its own centre, or a pin dropped near it ({@code manual}). */
    public record Located(Place place, double lat, double lng, String precision) {
    }

    /**
     * Resolves a postal code (and commune) and checks a dropped pin lies within {@code maxPinKm} of
     * the commune.
     *
     * @throws ApiException 400 naming the field at fault
     */
    public Located locate(String postalCode, String inseeCode, Double lat, Double lng, double maxPinKm) {
        if (normalizePostalCode(postalCode) == null) {
            throw ApiException.invalidField("postalCode", "validation.postalCodeFormat");
        }
        Place place = resolve(postalCode, inseeCode).orElseThrow(() -> inseeCode == null || inseeCode.isBlank()
                ? ApiException.invalidField("postalCode", "validation.postalCodeUnknown")
                : ApiException.invalidField("inseeCode", "validation.communeNotInPostalCode"));
        if (lat == null && lng == null) {
            return new Located(place, place.lat(), place.lng(), place.precision());
        }
        if (lat == null || lng == null || !Double.isFinite(lat) || !Double.isFinite(lng)) {
            throw ApiException.invalidField(lat == null ? "lat" : "lng", "validation.pinIncomplete");
        }
        if (distanceKm(place.lat(), place.lng(), lat, lng) > maxPinKm) {
            throw ApiException.invalidField("lat", "validation.pinTooFar", (int) maxPinKm);
        }
        return new Located(place, lat, lng, "manual");
    }

    private static final Pattern LAT_LNG =
            Pattern.compile("^\\s*(-?\\d{1,2}(?:\\.\\d+)?)\\s*,\\s*(-?\\d{1,3}(?:\\.\\d+)?)\\s*$");

    /**
     * The point a search is "near": a postal code (its main commune), "lat,lng", or a commune's name
     * (the best match of {@link #search}); null when absent.
     *
     * @throws ApiException 400 on {@code near} when it is neither
     */
    public double[] near(String near) {
        if (near == null || near.isBlank()) {
            return null;
        }
        Matcher m = LAT_LNG.matcher(near);
        if (m.matches()) {
            double lat = Double.parseDouble(m.group(1));
            double lng = Double.parseDouble(m.group(2));
            if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
                throw ApiException.invalidField("near", "validation.near");
            }
            return new double[] {lat, lng};
        }
        if (normalizePostalCode(near) != null) {
            Place place = resolve(near.strip(), null).orElseThrow(() -> ApiException.invalidField("near", "validation.near"));
            return new double[] {place.lat(), place.lng()};
        }
        // a commune's name, as a shared link may carry it ("?near=Saint-Étienne"): the best match
        String key = PlaceNames.key(near);
        if (key.length() < 2 || key.length() > 60) {
            throw ApiException.invalidField("near", "validation.near");
        }
        Place place = byName.get(key).stream().findFirst().orElseThrow(() -> ApiException.invalidField("near", "validation.placeUnknown"));
        return new double[] {place.lat(), place.lng()};
    }

    /** Great-circle distance in km (haversine). */
    public static double distanceKm(double lat1, double lng1, double lat2, double lng2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLng = Math.toRadians(lng2 - lng1);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLng / 2), 2);
        return 6371.0 * 2 * Math.asin(Math.sqrt(h));
    }
}
