package org.cortege.events;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An action's repetition said in words ("tous les mardis", "le 1er jeudi du mois", "every other
 * Tuesday"), so that a weekly action reads as one thing and not eight cards. Rules the words do not
 * cover (several BYDAY positions, BYSETPOS…) give null: the page then says only that it repeats.
 */
final class RecurrenceLabel {

    private static final Map<String, DayOfWeek> DAYS = Map.of("MO", DayOfWeek.MONDAY, "TU", DayOfWeek.TUESDAY, "WE",
            DayOfWeek.WEDNESDAY, "TH", DayOfWeek.THURSDAY, "FR", DayOfWeek.FRIDAY, "SA", DayOfWeek.SATURDAY, "SU", DayOfWeek.SUNDAY);

    private RecurrenceLabel() {
    }

    static String of(String rrule, Locale locale) {
        if (rrule == null || rrule.isBlank()) {
            return null;
        }
        Map<String, String> parts = new HashMap<>();
        for (String p : rrule.replaceFirst("^RRULE:", "").split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                parts.put(p.substring(0, eq).toUpperCase(Locale.ROOT), p.substring(eq + 1).toUpperCase(Locale.ROOT));
            }
        }
        boolean en = "en".equals(locale.getLanguage());
        int interval;
        try {
            interval = Integer.parseInt(parts.getOrDefault("INTERVAL", "1"));
        } catch (NumberFormatException e) {
            return null;
        }
        if (parts.containsKey("BYSETPOS") || parts.containsKey("BYMONTH") || parts.containsKey("BYHOUR")) {
            return null;
        }
        String freq = parts.getOrDefault("FREQ", "");
        String byDay = parts.get("BYDAY");
        switch (freq) {
            case "DAILY":
                return byDay != null ? null : interval == 1 ? (en ? "every day" : "tous les jours")
                        : interval == 2 ? (en ? "every other day" : "un jour sur deux") : null;
            case "WEEKLY": {
                List<String> names = new ArrayList<>();
                for (String d : byDay == null ? new String[0] : byDay.split(",")) {
                    DayOfWeek day = DAYS.get(d.strip());
                    if (day == null) {
                        return null;
                    }
                    names.add(day.getDisplayName(TextStyle.FULL, locale));
                }
                if (names.isEmpty()) {
                    return interval == 1 ? (en ? "every week" : "toutes les semaines") : null;
                }
                String list = join(names, en ? " and " : " et ", en ? "s" : "s");
                if (interval == 1) {
                    return en ? "every " + join(names, " and ", "") : "tous les " + list;
                }
                if (interval == 2 && names.size() == 1) {
                    return en ? "every other " + names.get(0) : "un " + names.get(0) + " sur deux";
                }
                return null;
            }
            case "MONTHLY": {
                if (interval != 1) {
                    return null;
                }
                String byMonthDay = parts.get("BYMONTHDAY");
                if (byMonthDay != null && byDay == null && byMonthDay.matches("\\d{1,2}")) {
                    int d = Integer.parseInt(byMonthDay);
                    return en ? "on the " + d + ordinalEn(d) + " of each month" : "le " + (d == 1 ? "1er" : d) + " de chaque mois";
                }
                if (byDay == null || byDay.contains(",")) {
                    return null;
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("([+-]?\\d)?([A-Z]{2})").matcher(byDay);
                if (!m.matches() || m.group(1) == null || !DAYS.containsKey(m.group(2))) {
                    return null;
                }
                int n = Integer.parseInt(m.group(1).replace("+", ""));
                String day = DAYS.get(m.group(2)).getDisplayName(TextStyle.FULL, locale);
                if (n == -1) {
                    return en ? "the last " + day + " of the month" : "le dernier " + day + " du mois";
                }
                if (n < 1 || n > 4) {
                    return null;
                }
                return en ? "the " + n + ordinalEn(n) + " " + day + " of the month" : "le " + (n == 1 ? "1er" : n + "e") + " " + day + " du mois";
            }
            default:
                return null;
        }
    }

    /** "mardis et jeudis" (French plurals take an s; English names stay as they are). */
    private static String join(List<String> names, String and, String plural) {
        List<String> words = names.stream().map(n -> n + plural).toList();
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + and + words.get(words.size() - 1);
    }

    private static String ordinalEn(int n) {
        if (n % 100 >= 11 && n % 100 <= 13) {
            return "th";
        }
        return switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }
}
