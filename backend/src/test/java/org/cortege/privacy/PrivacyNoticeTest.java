package org.cortege.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.RichText;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/** The privacy notice: the built-in French and English templates filled from the settings, or the operator's own file. */
@AppTest
class PrivacyNoticeTest extends ApiTest {

    @Inject
    RichText richText;

    @Inject
    InstanceSettings settings;

    @Test
    void theBuiltInNoticeNamesTheControllerTheContactAndTheRealRetentionPeriods() {
        Api.Response fr = api.get("/api/privacy-notice", "Accept-Language", "fr");
        assertEquals(200, fr.status());
        String html = (String) fr.get("html");
        assertEquals(false, fr.get("custom"));
        assertTrue(html.contains("<h2>Qui traite vos données</h2>"), html);
        assertTrue(html.contains(settings.organizationName()));
        assertTrue(html.contains(settings.privacyContact().replace("@", "&#64;")), "the contact (the sanitizer writes @ as &#64;)");
        assertTrue(html.contains("Après 3\u00a0ans sans connexion"), "the retention setting, in words");
        assertTrue(html.contains("au bout de 30\u00a0jours"));
        assertTrue(html.contains("a consulté, corrigé, exporté ou effacé votre fiche\u00a0: chaque entrée est effacée au bout de 1\u00a0an"),
                "the access log's retention (CORTEGE_RETENTION_ACCESS_LOG)");
        assertTrue(html.contains("ne s’est jamais manifestée depuis\u00a0: effacées au bout de 180\u00a0jours"),
                "imported people who never answered (CORTEGE_RETENTION_IMPORTED_PROSPECTS)");
        assertTrue(html.contains("tile.openstreetmap.org"), "the one third party a page calls is named");
        assertFalse(html.contains("{{"), "every placeholder filled");
        assertFalse(html.matches("(?s).* [:;?!].*"), "French punctuation carries a no-break space");
        String en = (String) api.get("/api/privacy-notice", "Accept-Language", "en").get("html");
        assertTrue(en.contains("<h2>Who processes your data</h2>") && en.contains("After 3 years without signing in"), en);
        assertTrue(en.contains("exported or erased your record: each entry is erased after 1 year"), en);
        assertEquals("conservé sans limite de durée", PrivacyNotice.accessLogKept(Duration.ZERO, java.util.Locale.FRENCH));
        assertTrue(en.contains("who never answered since: erased after 180 days"), en);
        assertEquals("kept until they object", PrivacyNotice.prospectsKept(Duration.ZERO, java.util.Locale.ENGLISH));
    }

    @Test
    void anOperatorsOwnNoticeIsUsedSanitizedAndAFileThatCannotBeReadStopsTheStart() throws Exception {
        Path file = Files.createTempFile("notice", ".md");
        try {
            Files.writeString(file, "## Notre politique\n\nÉcrivez à {{contact}}, conservation {{inactive}}.\n\n<script>alert(1)</script>\n\n"
                    + "[lien](javascript:alert(1)) [CNIL](https://www.cnil.fr)\n");
            Duration d = Duration.ofDays(30);
            PrivacyNotice notice = new PrivacyNotice(richText, settings, file.toString(), null, Duration.ofDays(730), d, d, d, d, d, Duration.ZERO, d);
            PrivacyNotice.NoticeView fr = notice.notice(HttpRequest.GET("/").header("Accept-Language", "fr")).body();
            assertTrue(fr.custom());
            assertTrue(fr.html().contains("<h2>Notre politique</h2>"), fr.html());
            assertTrue(fr.html().contains(settings.privacyContact().replace("@", "&#64;") + ", conservation 2\u00a0ans"), fr.html());
            assertFalse(fr.html().contains("<script"), fr.html());
            assertFalse(fr.html().contains("href=\"javascript"), fr.html());
            assertTrue(fr.html().contains("<a href=\"https://www.cnil.fr\""), fr.html());
            PrivacyNotice.NoticeView en = notice.notice(HttpRequest.GET("/").header("Accept-Language", "en")).body();
            assertFalse(en.custom(), "no English file: the built-in English template");
            IllegalStateException missing = assertThrows(IllegalStateException.class,
                    () -> new PrivacyNotice(richText, settings, "/nonexistent/notice.md", null, d, d, d, d, d, d, d, d));
            assertTrue(missing.getMessage().contains("CORTEGE_PRIVACY_NOTICE_FR"));
        } finally {
            Files.deleteIfExists(file);
        }
        assertEquals("1\u00a0an", PrivacyNotice.humane(Duration.ofDays(365), Locale.FRENCH));
        assertEquals("2 days", PrivacyNotice.humane(Duration.ofHours(48), Locale.ENGLISH));
        assertEquals("36 hours", PrivacyNotice.humane(Duration.ofHours(36), Locale.ENGLISH));
    }
}
