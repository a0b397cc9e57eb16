package org.cortege.privacy;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;

/**
 * What the documents a movement shows about its data say of this instance, in words: the
 * controller ({@code {{organisation}}}, {@code {{contact}}}), the third parties it configured
 * ({@code {{tiles}}}: the map tiles' host, {@code {{smtp}}}: the mail server's), and the retention
 * periods as set ({@code {{inactive}}}, {@code {{notice}}}, {@code {{unconfirmed}}}, {@code {{mails}}},
 * {@code {{imports}}}, {@code {{guests}}}, {@code {{feed}}}; {@code {{prospects}}} and {@code {{accessLog}}} are
 * phrases). One filling for the privacy notice and the record of processing, so they never disagree.
 */
@Singleton
public class NoticeWords {

    private final InstanceSettings settings;
    private final Map<String, Duration> periods;
    private final Duration accessLog;
    private final Duration prospects;
    private final String smtpHost;

    NoticeWords(InstanceSettings settings,
                @Property(name = "cortege.retention.inactive-contacts") Duration inactive,
                @Property(name = "cortege.retention.inactive-notice") Duration notice,
                @Property(name = "cortege.retention.unconfirmed-signups") Duration unconfirmed,
                @Property(name = "cortege.retention.mails") Duration mails,
                @Property(name = "cortege.retention.import-files") Duration imports,
                @Property(name = "cortege.retention.guest-rsvps") Duration guests,
                @Property(name = "cortege.retention.access-log") Duration accessLog,
                @Property(name = "cortege.retention.imported-prospects") Duration prospects,
                @Property(name = "cortege.activity.keep") Duration feed,
                @Nullable @Property(name = "cortege.mail.smtp.host") String smtpHost) {
        this.settings = settings;
        this.periods = new LinkedHashMap<>();
        periods.put("inactive", inactive);
        periods.put("notice", notice);
        periods.put("unconfirmed", unconfirmed);
        periods.put("mails", mails);
        periods.put("imports", imports);
        periods.put("guests", guests);
        periods.put("feed", feed);
        this.accessLog = accessLog;
        this.prospects = prospects;
        this.smtpHost = smtpHost == null ? "" : smtpHost.strip();
    }

    /** The text with every placeholder of this instance filled in the reader's language (for people to read). */
    public String fill(String markdown, Locale locale) {
        return fill(markdown, locale, false);
    }

    /**
     * The same; {@code toComplete}: a document the controller completes (the record of processing),
     * where a missing setting shows as a bracketed gap rather than a neutral phrase.
     */
    public String fill(String markdown, Locale locale, boolean toComplete) {
        boolean fr = !Messages.ENGLISH.equals(locale);
        String tiles;
        try {
            tiles = java.net.URI.create(settings.tilesUrl().replaceAll("\\{[a-z]}", "0")).getHost();
        } catch (IllegalArgumentException e) {
            tiles = settings.tilesUrl();
        }
        String smtp = !smtpHost.isEmpty() ? smtpHost : toComplete ? (fr ? "[serveur d’envoi non configuré]" : "[mail server not configured]")
                : (fr ? "que choisit l’organisation" : "the organisation chooses");
        String out = markdown.replace("{{organisation}}", settings.organizationName())
                .replace("{{contact}}", settings.privacyContact())
                .replace("{{tiles}}", tiles == null ? "" : tiles)
                .replace("{{smtp}}", smtp)
                .replace("{{publicUrl}}", settings.publicUrl().toString());
        for (var period : periods.entrySet()) {
            out = out.replace("{{" + period.getKey() + "}}", humane(period.getValue(), locale));
        }
        return out.replace("{{accessLog}}", accessLogKept(accessLog, locale)).replace("{{prospects}}", prospectsKept(prospects, locale));
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
