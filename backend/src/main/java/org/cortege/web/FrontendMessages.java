package org.cortege.web;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's own words ({@code frontend/src/locales/*.json}, shipped in the jar, not served), so the
 * first paint the server writes into a public page says exactly what the app will say once it runs:
 * one source for each sentence. Reads the subset of vue-i18n's format those pages use: named
 * placeholders ({@code {n}}), literal braces ({@code {'@'}}) and plural forms separated by {@code |}
 * (French: 0 and 1 singular; with three forms the first is for zero, as the app's rule).
 */
@Singleton
class FrontendMessages {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\s*(?:'([^']*)'|([A-Za-z0-9_]+))\\s*}");

    private final Map<String, Map<String, String>> byLanguage = new HashMap<>();

    FrontendMessages(ObjectMapper json) {
        for (String language : new String[] {"fr", "en"}) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("frontend-locales/" + language + ".json")) {
                Map<String, String> flat = new HashMap<>();
                if (in != null) {
                    flatten("", json.readValue(in.readAllBytes(), Argument.mapOf(String.class, Object.class)), flat);
                }
                byLanguage.put(language, flat);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** False in a build without the app (the backend's own tests before the frontend is packaged). */
    boolean available() {
        return !byLanguage.get("fr").isEmpty();
    }

    String t(Locale locale, String key, Object... params) {
        return format(raw(locale, key), params);
    }

    /** A message with plural forms, chosen by {@code count} as the app's rules choose them. */
    String tc(Locale locale, String key, long count, Object... params) {
        String[] forms = raw(locale, key).split("\\s*\\|\\s*");
        int index;
        if (forms.length == 3) {
            index = count == 0 ? 0 : Math.abs(count) == 1 ? 1 : 2;
        } else if (forms.length == 2) {
            index = "fr".equals(language(locale)) ? (Math.abs(count) > 1 ? 1 : 0) : (Math.abs(count) == 1 ? 0 : 1);
        } else {
            index = 0;
        }
        return format(forms[index], params);
    }

    private String raw(Locale locale, String key) {
        String s = byLanguage.get(language(locale)).get(key);
        if (s == null) {
            s = byLanguage.get("fr").getOrDefault(key, "");
        }
        return s;
    }

    private static String language(Locale locale) {
        return "en".equals(locale.getLanguage()) ? "en" : "fr";
    }

    /** {@code params} are name, value pairs. */
    private static String format(String message, Object... params) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < params.length; i += 2) {
            values.put(String.valueOf(params[i]), String.valueOf(params[i + 1]));
        }
        Matcher m = PLACEHOLDER.matcher(message);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) != null ? m.group(1) : values.getOrDefault(m.group(2), "");
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> node, Map<String, String> into) {
        node.forEach((k, v) -> {
            if (v instanceof Map<?, ?> child) {
                flatten(prefix + k + ".", (Map<String, Object>) child, into);
            } else if (v instanceof String s) {
                into.put(prefix + k, s);
            }
        });
    }
}
