package org.cortege.geo;

import java.util.List;

/**
 * A search circle: its bounding box (which an index on latitude and longitude narrows) and the
 * great-circle distance as SQL (haversine, km), to cut the box to the circle and sort by distance.
 * {@link GeoService#distanceKm} is the same formula in Java.
 */
public record Circle(double lat, double lng, double radiusKm) {

    private static final double KM_PER_DEGREE_LAT = 111.2;

    public double minLat() {
        return lat - radiusKm / KM_PER_DEGREE_LAT;
    }

    public double maxLat() {
        return lat + radiusKm / KM_PER_DEGREE_LAT;
    }

    public double minLng() {
        return lng - halfWidth();
    }

    public double maxLng() {
        return lng + halfWidth();
    }

    private double halfWidth() {
        return Math.min(180, radiusKm / (KM_PER_DEGREE_LAT * Math.max(0.01, Math.cos(Math.toRadians(lat)))));
    }

    /**
     * The distance (km) from the circle's centre to the row's {@code <prefix>lat, <prefix>lng}, with
     * three placeholders bound to {@link #distanceParams()}.
     */
    public static String distanceSql(String prefix) {
        return "(6371.0 * 2 * ASIN(SQRT(POWER(SIN(RADIANS(" + prefix + "lat - ?) / 2), 2) + COS(RADIANS(?)) * COS(RADIANS("
                + prefix + "lat)) * POWER(SIN(RADIANS(" + prefix + "lng - ?) / 2), 2))))";
    }

    /**
     * The 0.1° squares covering a box, numbered as the {@code geo_cell} columns compute them
     * ({@code FLOOR((lat + 90) * 10) * 3600 + FLOOR((lng + 180) * 10)}), or null past {@code max}.
     */
    public static List<Integer> cells(double minLat, double maxLat, double minLng, double maxLng, int max) {
        int y0 = (int) Math.floor((Math.max(-90, minLat) + 90) * 10);
        int y1 = (int) Math.floor((Math.min(89.999, maxLat) + 90) * 10);
        int x0 = (int) Math.floor((Math.max(-180, minLng) + 180) * 10);
        int x1 = (int) Math.floor((Math.min(179.999, maxLng) + 180) * 10);
        if ((long) (y1 - y0 + 1) * (x1 - x0 + 1) > max) {
            return null;
        }
        List<Integer> cells = new java.util.ArrayList<>();
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                cells.add(y * 3600 + x);
            }
        }
        return cells;
    }

    public List<Object> distanceParams() {
        return List.of(lat, lat, lng);
    }
}
