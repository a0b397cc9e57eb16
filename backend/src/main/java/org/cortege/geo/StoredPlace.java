package org.cortege.geo;

import io.micronaut.core.annotation.Introspected;

/** A commune as a feature stored it on its rows (postal code and INSEE code): where their point came from. */
@Introspected
public record StoredPlace(String postalCode, String inseeCode) {
}
