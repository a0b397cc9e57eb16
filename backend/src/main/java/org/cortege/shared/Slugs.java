package org.cortege.shared;

import java.text.Normalizer;
import java.util.Locale;

/** Readable URL segments: "Groupe d’action de Saint-Étienne" → "groupe-d-action-de-saint-etienne". */
public final class Slugs {

    private Slugs() {
    }

    public static String of(String text, int maxLength) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae").replace("ß", "ss");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > maxLength) {
            slug = slug.substring(0, maxLength).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "groupe" : slug;
    }

    /** The key two names share when people would take them for the same: case, accents, spacing, punctuation. */
    public static String nameKey(String name) {
        return of(name, 120);
    }
}
