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

    public List<Object> distanceParams() {
        return List.of(lat, lat, lng);
    }
}
