package org.cortege.geo;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form in which place names are compared: what people type ("st etienne", "EVRY", "Saint
 * Étienne") and the names of the table ("Saint-Étienne", "Évry-Courcouronnes") meet on lower-case
 * letters without accents, ligatures spelt out, every other character a single space, and "st"/"ste"
 * read as "saint"/"sainte".
 */
public final class PlaceNames {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");
    private static final Pattern SAINT = Pattern.compile("(^| )st( |$)");
    private static final Pattern SAINTE = Pattern.compile("(^| )ste( |$)");

    private PlaceNames() {
    }

    public static String key(String name) {
        if (name == null) {
            return "";
        }
        String t = name.toLowerCase(Locale.ROOT).replace("œ", "oe").replace("æ", "ae").replace("ß", "ss");
        t = MARKS.matcher(Normalizer.normalize(t, Normalizer.Form.NFD)).replaceAll("");
        t = NOT_ALNUM.matcher(t).replaceAll(" ").strip();
        // twice: "st st" would overlap in one pass (the space between is shared)
        for (int i = 0; i < 2; i++) {
            t = SAINT.matcher(t).replaceAll("$1saint$2");
            t = SAINTE.matcher(t).replaceAll("$1sainte$2");
        }
        return t;
    }
}
