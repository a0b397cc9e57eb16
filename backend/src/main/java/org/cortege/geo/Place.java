package org.cortege.geo;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A commune reached through a postal code, with the point the app uses for it and how precise that
 * point is ({@code commune}, {@code epci}, {@code departement}; later {@code address}, {@code manual}).
 */
@Serdeable
public record Place(String country, String postalCode, String inseeCode, String commune, String departement,
                    int population, double lat, double lng, String precision) {
}
