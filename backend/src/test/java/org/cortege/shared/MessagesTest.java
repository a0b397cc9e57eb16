package org.cortege.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessagesTest {

    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"i18n/messages", "i18n/mail"})
    void frenchAndEnglishHaveTheSameKeys(String bundle) throws IOException {
        assertEquals(new TreeSet<>(load(bundle + "_fr.properties").stringPropertyNames()),
                new TreeSet<>(load(bundle + "_en.properties").stringPropertyNames()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"i18n/messages_fr.properties", "i18n/messages_en.properties", "i18n/mail_fr.properties", "i18n/mail_en.properties"})
    void noStraightApostropheThatMessageFormatWouldEat(String resource) throws IOException {
        Properties p = load(resource);
        for (String key : p.stringPropertyNames()) {
            assertFalse(p.getProperty(key).contains("'"), resource + " " + key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"i18n/messages_fr.properties", "i18n/mail_fr.properties"})
    void frenchPunctuationHasNoPlainSpaceBeforeIt(String resource) throws IOException {
        Properties p = load(resource);
        for (String key : p.stringPropertyNames()) {
            assertFalse(p.getProperty(key).matches(".* [:;!?].*"), resource + " " + key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"i18n/messages_fr.properties", "i18n/messages_en.properties", "i18n/mail_fr.properties", "i18n/mail_en.properties"})
    void noKeyIsWrittenTwice(String resource) throws IOException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#") && line.contains("=")) {
                    String key = line.substring(0, line.indexOf('=')).strip();
                    assertFalse(!seen.add(key), resource + ": " + key + " twice (the second silently wins)");
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void acceptLanguageIsNegotiated() {
        assertEquals(Locale.FRENCH, Messages.parse(null));
        assertEquals(Locale.FRENCH, Messages.parse("de-DE,de;q=0.9"));
        assertEquals(Locale.ENGLISH, Messages.parse("en-US,en;q=0.9,fr;q=0.5"));
        assertEquals(Locale.FRENCH, Messages.parse("fr-CA,en;q=0.5"));
        assertEquals(Locale.FRENCH, Messages.parse(";;;garbage=="));
        assertEquals("Trop de demandes en peu de temps\u00a0: réessayez dans 3 minute(s).",
                new Messages().get(Locale.FRENCH, "problem.rateLimited", 3));
    }
}
