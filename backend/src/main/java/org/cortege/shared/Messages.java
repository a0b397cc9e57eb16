package org.cortege.shared;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The server's messages in French (default) and English, from {@code i18n/messages_*.properties}
 * (UTF-8). The language is negotiated from Accept-Language.
 */
@Singleton
public class Messages {

    public static final Locale FRENCH = Locale.FRENCH;
    public static final Locale ENGLISH = Locale.ENGLISH;
    private static final List<Locale> SUPPORTED = List.of(FRENCH, ENGLISH);

    /** The best of our languages for this request: Accept-Language negotiation, French when nothing matches. */
    public static Locale localeOf(HttpRequest<?> request) {
        return parse(request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE));
    }

    public static Locale parse(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return FRENCH;
        }
        try {
            Locale match = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
            return match == null ? FRENCH : match;
        } catch (IllegalArgumentException e) {
            return FRENCH; // a malformed header is not worth an error
        }
    }

    public static Locale normalize(String language) {
        return "en".equalsIgnoreCase(language) ? ENGLISH : FRENCH;
    }

    public String get(Locale locale, String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle("i18n.messages", ENGLISH.equals(locale) ? ENGLISH : FRENCH,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return new MessageFormat(pattern, locale).format(args);
    }
}
