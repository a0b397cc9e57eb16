package org.cortege.privacy;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.RichText;

/**
 * {@code GET /api/privacy-notice}: the privacy notice in the reader's language, as sanitized HTML.
 * The operator writes it in Markdown ({@code CORTEGE_PRIVACY_NOTICE_FR}, {@code _EN}: file paths);
 * without one, a French (and English) template fit for a political movement is used. Both may use
 * the placeholders of {@link NoticeWords} (the controller, the tile and mail servers, the retention
 * periods), filled from the settings, so the text never drifts from what the instance does. A
 * configured file that cannot be read stops the start-up.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "privacy")
@Controller("/api/privacy-notice")
class PrivacyNotice {

    @Serdeable
    record NoticeView(String html, boolean custom) {
    }

    private final Map<Locale, NoticeView> notices;

    PrivacyNotice(RichText richText, NoticeWords words,
                  @Nullable @Property(name = "cortege.privacy-notice.fr") String frFile,
                  @Nullable @Property(name = "cortege.privacy-notice.en") String enFile) {
        this.notices = Map.of(
                Messages.FRENCH, render(richText, words, frFile, "privacy/notice.fr.md", Messages.FRENCH),
                Messages.ENGLISH, render(richText, words, enFile, "privacy/notice.en.md", Messages.ENGLISH));
    }

    @Get
    HttpResponse<NoticeView> notice(HttpRequest<?> request) {
        return HttpResponse.ok(notices.get(Messages.localeOf(request)))
                .header("Cache-Control", "public, max-age=300").header("Vary", "Accept-Language");
    }

    private static NoticeView render(RichText richText, NoticeWords words, @Nullable String file, String template, Locale locale) {
        boolean custom = file != null && !file.isBlank();
        String markdown;
        try {
            if (custom) {
                markdown = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } else {
                try (InputStream in = PrivacyNotice.class.getClassLoader().getResourceAsStream(template)) {
                    markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the privacy notice " + file + " (CORTEGE_PRIVACY_NOTICE_"
                    + locale.getLanguage().toUpperCase(Locale.ROOT) + ")", e);
        }
        return new NoticeView(richText.documentToHtml(words.fill(markdown, locale)), custom);
    }
}
