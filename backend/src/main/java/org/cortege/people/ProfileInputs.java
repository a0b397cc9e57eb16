package org.cortege.people;

import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.cortege.geo.GeoService;
import org.cortege.geo.Place;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;

/**
 * What a person writes about themself, read the same way at sign-up, in their profile and by the
 * operator's command: a postal code and commune that exist, a birth date that makes them old
 * enough, interests from the configured list. Each wrong value is a field error naming it.
 */
@Singleton
class ProfileInputs {

    private final GeoService geo;
    private final InstanceSettings settings;

    ProfileInputs(GeoService geo, InstanceSettings settings) {
        this.geo = geo;
        this.settings = settings;
    }

    Place place(String postalCode, String inseeCode) {
        if (geo.normalizePostalCode(postalCode) == null) {
            throw ApiException.invalidField("postalCode", "validation.postalCodeFormat");
        }
        return geo.resolve(postalCode, inseeCode).orElseThrow(() -> inseeCode == null || inseeCode.isBlank()
                ? ApiException.invalidField("postalCode", "validation.postalCodeUnknown")
                : ApiException.invalidField("inseeCode", "validation.communeNotInPostalCode"));
    }

    LocalDate birthDate(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("birthDate", "validation.date");
        }
        LocalDate today = LocalDate.now(settings.timeZone());
        if (date.isBefore(LocalDate.of(1900, 1, 1)) || date.isAfter(today)) {
            throw ApiException.invalidField("birthDate", "validation.birthDateRange");
        }
        if (date.plusYears(settings.minimumAge()).isAfter(today)) {
            throw ApiException.invalidField("birthDate", "validation.tooYoung", settings.minimumAge());
        }
        return date;
    }

    List<String> interests(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(new LinkedHashSet<>(raw));
        for (String key : keys) {
            if (!settings.isInterest(key)) {
                throw ApiException.invalidField("interests", "validation.interestUnknown");
            }
        }
        return keys;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

}
