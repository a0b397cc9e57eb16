package org.cortege.people;

/** Patterns shared by the people commands. */
public final class Inputs {

    private Inputs() {
    }

    /** A practical address check (RFC 5321 lengths, one @, a dotted domain), no display names or comments. */
    public static final String EMAIL = "^(?=.{3,254}$)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";
    /** Letters, marks, spaces, apostrophes, hyphens, dots: names in any script, nothing that is markup or a control. */
    public static final String NAME = "^\\s*[\\p{L}\\p{M}][\\p{L}\\p{M} '’.-]*$";
    public static final String PHONE = "^\\+?[0-9][0-9 .()-]{5,24}$";
    public static final String DATE = "^\\d{4}-\\d{2}-\\d{2}$";
    /** A share link's code as it may be written (the referrals feature hands out a subset: no 0, 1, i, l, o). */
    public static final String REFERRAL_CODE = "^[a-z0-9]{8}$";
    /** A campaign tag (utm_*): any printable text, no control or formatting character, nothing that is markup. */
    public static final String CAMPAIGN_TAG = "^[^\\p{Cc}\\p{Cf}\\p{Cs}<>]*$";

    public static String normalizeEmail(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Collapses runs of spaces (including no-break ones) and trims. */
    public static String normalizeName(String name) {
        return name.replaceAll("[\\s\\u00a0\\u202f]+", " ").trim();
    }
}
