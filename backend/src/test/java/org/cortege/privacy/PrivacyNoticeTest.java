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
        assertTrue(html.contains("par le serveur d’envoi " + smtpHost + ", notre sous-traitant"), "and the mail server, the one processor of mails");
        assertFalse(html.contains("{{"), "every placeholder filled");
        assertTrue(html.contains("en suivant le lien personnel d’un·e soutien") && html.contains("ne voit qu’un nombre d’inscriptions, jamais votre nom") && html.contains("ce nombre peut toutefois lui apprendre"),
                "who brought whom is explained (issue 16: referral data is personal data)");
        assertTrue(html.contains("Votre fil d’activité\u00a0: chaque nouvelle est effacée au bout de 90\u00a0jours") || html.contains("effacée 90\u00a0jours après"),
                "the feed's retention (cortege.activity.keep), in words: " + html);
        assertTrue(html.contains("service de notification de son navigateur") && html.contains("qu’il ne peut pas lire"),
                "push goes through the browser vendor's service, which sees only an encrypted blob (issue 16)");
        assertFalse(html.matches("(?s).* [:;?!].*"), "French punctuation carries a no-break space");
        String en = (String) api.get("/api/privacy-notice", "Accept-Language", "en").get("html");
        assertTrue(en.contains("<h2>Who processes your data</h2>") && en.contains("After 3 years without signing in"), en);
        assertTrue(en.contains("exported or erased your record: each entry is erased after 1 year"), en);
        assertEquals("conservé sans limite de durée", NoticeWords.accessLogKept(Duration.ZERO, java.util.Locale.FRENCH));
        assertTrue(en.contains("who never answered since: erased after 180 days"), en);
        assertEquals("kept until they object", NoticeWords.prospectsKept(Duration.ZERO, java.util.Locale.ENGLISH));
        Duration d = Duration.ofDays(30);
        NoticeWords noSmtp = new NoticeWords(settings, d, d, d, d, d, d, d, d, d, null);
        assertEquals("que choisit l’organisation", noSmtp.fill("{{smtp}}", java.util.Locale.FRENCH), "no gap shown to readers");
        assertEquals("[mail server not configured]", noSmtp.fill("{{smtp}}", java.util.Locale.ENGLISH, true), "a gap to fill in the record");
    }

    @jakarta.inject.Inject
    @io.micronaut.context.annotation.Value("${cortege.mail.smtp.host}")
    String smtpHost;

    /** The record of processing (GDPR article 30) an admin downloads, filled from the same settings as the notice. */
    @Test
    void adminsGetTheRecordOfProcessingFilledFromTheInstance() {
        String admin = freshAdmin();
        Api.Response fr = api.get("/api/admin/record-of-processing", "Cookie", admin, "Accept-Language", "fr");
        assertEquals(200, fr.status(), fr.body());
        String markdown = (String) fr.get("markdown");
        assertTrue(markdown.startsWith("# Registre des activités de traitement (article 30 du RGPD)"), markdown);
        assertTrue(markdown.contains("**" + settings.organizationName() + "**"));
        assertTrue(markdown.contains("Contact pour les données personnelles\u00a0: " + settings.privacyContact()));
        assertTrue(markdown.contains("Envoi des e-mails\u00a0: " + smtpHost), "the mail server configured");
        assertTrue(markdown.contains("Fond de carte\u00a0: tile.openstreetmap.org"));
        assertTrue(markdown.contains("la personne qui ne s’est jamais manifestée\u00a0: effacées au bout de 180\u00a0jours"));
        assertTrue(markdown.contains("après 3\u00a0ans sans connexion"), "the retention periods as set");
        assertFalse(markdown.contains("{{"), "every placeholder filled");
        assertTrue(((String) fr.get("html")).contains("<h2>Traitement 3\u00a0: le fichier de contacts importés</h2>"), (String) fr.get("html"));
        assertTrue(((String) fr.get("fileName")).matches("registre-des-traitements-\\d{4}-\\d{2}-\\d{2}\\.md"));
        assertEquals("no-store", fr.headers().get("Cache-Control"));
        String en = (String) api.get("/api/admin/record-of-processing", "Cookie", admin, "Accept-Language", "en").get("markdown");
        assertTrue(en.startsWith("# Record of processing activities (GDPR article 30)") && en.contains("erased after 180 days"), en);
        assertEquals(403, api.get("/api/admin/record-of-processing", "Cookie", confirmedSupporter(newEmail())).status());
        assertEquals(401, api.get("/api/admin/record-of-processing").status());
    }

    @Test
    void anOperatorsOwnNoticeIsUsedSanitizedAndAFileThatCannotBeReadStopsTheStart() throws Exception {
        Path file = Files.createTempFile("notice", ".md");
        try {
            Files.writeString(file, "## Notre politique\n\nÉcrivez à {{contact}}, conservation {{inactive}}.\n\n<script>alert(1)</script>\n\n"
                    + "[lien](javascript:alert(1)) [CNIL](https://www.cnil.fr)\n");
            Duration d = Duration.ofDays(30);
            PrivacyNotice notice = new PrivacyNotice(richText, new NoticeWords(settings, Duration.ofDays(730), d, d, d, d, d, Duration.ZERO, d, d, "smtp.example.org"), file.toString(), null);
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
                    () -> new PrivacyNotice(richText, new NoticeWords(settings, d, d, d, d, d, d, d, d, d, null), "/nonexistent/notice.md", null));
            assertTrue(missing.getMessage().contains("CORTEGE_PRIVACY_NOTICE_FR"));
        } finally {
            Files.deleteIfExists(file);
        }
        assertEquals("1\u00a0an", NoticeWords.humane(Duration.ofDays(365), Locale.FRENCH));
        assertEquals("2 days", NoticeWords.humane(Duration.ofHours(48), Locale.ENGLISH));
        assertEquals("36 hours", NoticeWords.humane(Duration.ofHours(36), Locale.ENGLISH));
    }
}
