package org.cortege.admin.csv;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The person fields a column can fill, and the French and English headers that name them. */
final class ImportFields {

    static final List<String> FIELDS = List.of("email", "firstName", "lastName", "phone", "postalCode", "commune", "birthDate",
            "interests", "tags", "emailConsent");

    private static final Map<String, String> HEADERS = new LinkedHashMap<>();

    static {
        alias("email", "email", "e-mail", "mail", "courriel", "adresse email", "adresse e-mail", "adresse mail", "adresse electronique",
                "email address");
        alias("firstName", "prenom", "first name", "firstname", "given name", "prénom");
        alias("lastName", "nom", "nom de famille", "last name", "lastname", "surname", "family name", "name");
        alias("phone", "telephone", "tel", "portable", "mobile", "phone", "phone number", "numero de telephone");
        alias("postalCode", "code postal", "cp", "postal code", "postcode", "zip", "zip code", "codepostal");
        alias("commune", "commune", "ville", "city", "town", "localite");
        alias("birthDate", "date de naissance", "naissance", "birth date", "birthdate", "date of birth", "dob", "ne le", "nee le");
        alias("interests", "centres d interet", "centres dinteret", "interets", "themes", "interests", "topics");
        alias("tags", "etiquettes", "etiquette", "tags", "tag", "labels");
        alias("emailConsent", "consentement", "consentement email", "accepte les envois", "newsletter", "optin", "opt in",
                "consent", "email consent", "email opt in");
    }

    private ImportFields() {
    }

    private static void alias(String field, String... headers) {
        for (String h : headers) {
            HEADERS.put(key(h), field);
        }
    }

    /** "Code Postal " → "code postal": lower case, accents and punctuation dropped. */
    static String key(String header) {
        String n = Normalizer.normalize(header == null ? "" : header, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return n.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }

    /** The field a header names, or null. */
    static String guess(String header) {
        return HEADERS.get(key(header));
    }
}
