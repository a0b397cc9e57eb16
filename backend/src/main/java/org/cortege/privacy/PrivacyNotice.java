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
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.RichText;

/**
 * {@code GET /api/privacy-notice}: the privacy notice in the reader's language, as sanitized HTML.
 * The operator writes it in Markdown ({@code CORTEGE_PRIVACY_NOTICE_FR}, {@code _EN}: file paths);
 * without one, a French (and English) template fit for a political movement is used. Both may use
 * {@code {{organisation}}}, {@code {{contact}}}, {@code {{tiles}}} and the retention periods
 * ({@code {{inactive}}}, {@code {{notice}}}, {@code {{unconfirmed}}}, {@code {{mails}}},
 * {@code {{imports}}}, {@code {{guests}}}; {@code {{prospects}}} and {@code {{accessLog}}} are phrases: "chaque entrée est effacée au
 * bout de 1 an"), filled from the settings, so the text never drifts
 * from what the instance does. A configured file that cannot be read stops the start-up.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "privacy")
@Controller("/api/privacy-notice")
class PrivacyNotice {

    @Serdeable
    record NoticeView(String html, boolean custom) {
    }

    private final Map<Locale, NoticeView> notices;

    PrivacyNotice(RichText richText, InstanceSettings settings,
                  @Nullable @Property(name = "cortege.privacy-notice.fr") String frFile,
                  @Nullable @Property(name = "cortege.privacy-notice.en") String enFile,
                  @Property(name = "cortege.retention.inactive-contacts") Duration inactive,
                  @Property(name = "cortege.retention.inactive-notice") Duration notice,
                  @Property(name = "cortege.retention.unconfirmed-signups") Duration unconfirmed,
                  @Property(name = "cortege.retention.mails") Duration mails,
                  @Property(name = "cortege.retention.import-files") Duration imports,
                  @Property(name = "cortege.retention.guest-rsvps") Duration guests,
                  @Property(name = "cortege.retention.access-log") Duration accessLog,
                  @Property(name = "cortege.retention.imported-prospects") Duration prospects) {
        Map<String, Duration> periods = Map.of("inactive", inactive, "notice", notice, "unconfirmed", unconfirmed, "mails", mails,
                "imports", imports, "guests", guests);
        this.notices = Map.of(
                Messages.FRENCH, render(richText, settings, frFile, "privacy/notice.fr.md", Messages.FRENCH, periods, accessLog, prospects),
                Messages.ENGLISH, render(richText, settings, enFile, "privacy/notice.en.md", Messages.ENGLISH, periods, accessLog, prospects));
    }

    @Get
    HttpResponse<NoticeView> notice(HttpRequest<?> request) {
        return HttpResponse.ok(notices.get(Messages.localeOf(request)))
                .header("Cache-Control", "public, max-age=300").header("Vary", "Accept-Language");
    }

    private static NoticeView render(RichText richText, InstanceSettings settings, @Nullable String file, String template,
                                     Locale locale, Map<String, Duration> periods, Duration accessLog, Duration prospects) {
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
        String tiles;
        try {
            tiles = java.net.URI.create(settings.tilesUrl().replaceAll("\\{[a-z]}", "0")).getHost();
        } catch (IllegalArgumentException e) {
            tiles = settings.tilesUrl();
        }
        markdown = markdown.replace("{{organisation}}", settings.organizationName())
                .replace("{{contact}}", settings.privacyContact())
                .replace("{{tiles}}", tiles == null ? "" : tiles);
        for (var period : periods.entrySet()) {
            markdown = markdown.replace("{{" + period.getKey() + "}}", humane(period.getValue(), locale));
        }
        markdown = markdown.replace("{{accessLog}}", accessLogKept(accessLog, locale))
                .replace("{{prospects}}", prospectsKept(prospects, locale));
        return new NoticeView(richText.documentToHtml(markdown), custom);
    }

    /** How long the access log keeps an entry ({@code cortege.retention.access-log}; 0: without limit). */
    static String accessLogKept(Duration d, Locale locale) {
        boolean fr = !Messages.ENGLISH.equals(locale);
        if (d.isZero() || d.isNegative()) {
            return fr ? "conservé sans limite de durée" : "kept without a time limit";
        }
        return (fr ? "chaque entrée est effacée au bout de " : "each entry is erased after ") + humane(d, locale);
    }

    /** How long an imported person who never answered is kept ({@code cortege.retention.imported-prospects}; 0: without limit). */
    static String prospectsKept(Duration d, Locale locale) {
        boolean fr = !Messages.ENGLISH.equals(locale);
        if (d.isZero() || d.isNegative()) {
            return fr ? "gardées jusqu’à ce qu’elle s’y oppose" : "kept until they object";
        }
        return (fr ? "effacées au bout de " : "erased after ") + humane(d, locale);
    }

    /** "3 ans", "30 jours", "48 heures" (French typography: a no-break space before the unit). */
    static String humane(Duration d, Locale locale) {
        boolean fr = !Messages.ENGLISH.equals(locale);
        long days = d.toDays();
        if (days > 0 && days % 365 == 0) {
            long years = days / 365;
            return years + (fr ? "\u00a0an" + (years > 1 ? "s" : "") : " year" + (years > 1 ? "s" : ""));
        }
        if (days > 0 && d.toHours() % 24 == 0) {
            return days + (fr ? "\u00a0jour" + (days > 1 ? "s" : "") : " day" + (days > 1 ? "s" : ""));
        }
        long hours = Math.max(1, d.toHours());
        return hours + (fr ? "\u00a0heure" + (hours > 1 ? "s" : "") : " hour" + (hours > 1 ? "s" : ""));
    }
}
