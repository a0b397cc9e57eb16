package org.cortege.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MailTemplatesTest {

    private final MailTemplates templates = new MailTemplates();

    @Test
    void everyValueIsEscapedInTheHtmlPart() {
        MailMessage message = new MailMessage("a@b.test", null, "login", Locale.FRENCH,
                new Object[] {"<img src=x onerror=alert(1)>", "Mouvement \"<b>\"", 15}, "https://ex.test/c#token=a\"b<", "123456", true);
        MailTemplates.Rendered r = templates.render(message, "Org <script>");
        assertFalse(r.html().contains("<img src=x"), r.html());
        assertFalse(r.html().contains("<script>"), r.html());
        assertFalse(r.html().contains("a\"b<"), r.html());
        assertTrue(r.html().contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(r.text().contains("Bonjour <img src=x onerror=alert(1)>,"), "the text part is plain text");
    }

    @Test
    void frenchAndEnglishMailsCarryTheLinkAndTheCode() {
        for (Locale locale : new Locale[] {Locale.FRENCH, Locale.ENGLISH}) {
            MailTemplates.Rendered r = templates.render(new MailMessage("a@b.test", 1L, "login", locale,
                    new Object[] {"Zoé", "Le Mouvement", 15}, "https://ex.test/connexion/confirmer#token=abc", "042917", true), "Le Mouvement");
            assertTrue(r.text().contains("https://ex.test/connexion/confirmer#token=abc"));
            assertTrue(r.text().contains("042917"));
            assertTrue(r.html().contains("href=\"https://ex.test/connexion/confirmer#token=abc\""));
            assertTrue(r.html().startsWith("<!doctype html><html lang=\"" + locale.getLanguage() + "\""));
        }
        assertEquals("Your login link", templates.render(new MailMessage("a@b.test", 1L, "login", Locale.ENGLISH,
                new Object[] {"Zoé", "X", 15}, null, null, true), "X").subject());
    }
}
