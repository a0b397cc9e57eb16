package org.cortege.mail;

import jakarta.inject.Singleton;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.owasp.encoder.Encode;

/**
 * Renders a mail in French or English, as plain text and as simple HTML, from the keys
 * {@code <template>.subject|greeting|intro|action|code|outro} of {@code i18n/mail_*.properties}.
 * Every value is HTML-escaped in the HTML part: a first name can hold anything.
 */
@Singleton
public class MailTemplates {

    public record Rendered(String subject, String text, String html) {
    }

    public Rendered render(MailMessage message, String organizationName) {
        Locale locale = Locale.ENGLISH.getLanguage().equals(message.locale().getLanguage()) ? Locale.ENGLISH : Locale.FRENCH;
        ResourceBundle bundle = ResourceBundle.getBundle("i18n.mail", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String t = message.template();
        Object[] args = message.args();
        String subject = format(bundle, t + ".subject", locale, args);
        String greeting = format(bundle, t + ".greeting", locale, args);
        String intro = format(bundle, t + ".intro", locale, args);
        String action = optional(bundle, t + ".action", locale, args);
        String secondary = message.secondaryUrl() == null ? null : format(bundle, t + ".secondary", locale, args);
        String codeLabel = optional(bundle, t + ".code", locale, args);
        String outro = optional(bundle, t + ".outro", locale, args);
        String signature = format(bundle, "signature", locale, organizationName);

        StringBuilder text = new StringBuilder();
        text.append(greeting).append("\n\n").append(intro).append("\n\n");
        if (message.body() != null) {
            text.append(message.body()).append("\n\n");
        }
        if (message.actionUrl() != null) {
            text.append(action).append(colon(locale)).append("\n").append(message.actionUrl()).append("\n\n");
        }
        if (secondary != null) {
            text.append(secondary).append(colon(locale)).append("\n").append(message.secondaryUrl()).append("\n\n");
        }
        if (message.code() != null && codeLabel != null) {
            text.append(codeLabel).append(" ").append(message.code()).append("\n\n");
        }
        if (outro != null) {
            text.append(outro).append("\n\n");
        }
        String report = message.reportUrl() == null ? null : format(bundle, "report", locale);
        if (report != null) {
            text.append(report).append(colon(locale)).append(" ").append(message.reportUrl()).append("\n\n");
        }
        String stop = message.stopUrl() == null ? null : format(bundle, "stop", locale);
        if (stop != null) {
            text.append(stop).append(colon(locale)).append(" ").append(message.stopUrl()).append("\n\n");
        }
        text.append("-- \n").append(signature).append('\n');

        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html lang=\"").append(locale.getLanguage()).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><title>").append(Encode.forHtml(subject))
                .append("</title></head><body style=\"margin:0;padding:0;background:#f6f4f1;\">")
                .append("<div style=\"max-width:560px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;")
                .append("font-size:16px;line-height:1.5;color:#1d1d24;\">")
                .append("<p style=\"font-size:20px;font-weight:bold;color:#a3112f;margin:0 0 16px;\">")
                .append(Encode.forHtml(organizationName)).append("</p>")
                .append("<p>").append(Encode.forHtml(greeting)).append("</p>")
                .append("<p>").append(Encode.forHtml(intro)).append("</p>");
        if (message.body() != null) {
            html.append("<div style=\"white-space:pre-wrap;border-left:3px solid #dddddd;padding-left:12px;margin:16px 0;\">")
                    .append(Encode.forHtml(message.body())).append("</div>");
        }
        if (message.actionUrl() != null) {
            html.append("<p style=\"margin:24px 0;\"><a href=\"").append(Encode.forHtmlAttribute(message.actionUrl()))
                    .append("\" style=\"background:#a3112f;color:#ffffff;padding:12px 20px;border-radius:6px;")
                    .append("text-decoration:none;font-weight:bold;display:inline-block;\">")
                    .append(Encode.forHtml(action)).append("</a></p>")
                    .append("<p style=\"font-size:13px;color:#555566;word-break:break-all;\">")
                    .append(Encode.forHtml(message.actionUrl())).append("</p>");
        }
        if (secondary != null) {
            html.append("<p style=\"margin:16px 0 24px;\"><a href=\"").append(Encode.forHtmlAttribute(message.secondaryUrl()))
                    .append("\" style=\"border:2px solid #a3112f;color:#a3112f;padding:10px 18px;border-radius:6px;")
                    .append("text-decoration:none;font-weight:bold;display:inline-block;\">")
                    .append(Encode.forHtml(secondary)).append("</a></p>");
        }
        if (message.code() != null && codeLabel != null) {
            html.append("<p>").append(Encode.forHtml(codeLabel))
                    .append(" <strong style=\"font-size:22px;letter-spacing:4px;\">").append(Encode.forHtml(message.code()))
                    .append("</strong></p>");
        }
        if (outro != null) {
            html.append("<p style=\"color:#555566;\">").append(Encode.forHtml(outro)).append("</p>");
        }
        if (report != null) {
            html.append("<p style=\"font-size:13px;\"><a href=\"").append(Encode.forHtmlAttribute(message.reportUrl()))
                    .append("\" style=\"color:#555566;\">").append(Encode.forHtml(report)).append("</a></p>");
        }
        if (stop != null) {
            html.append("<p style=\"font-size:13px;\"><a href=\"").append(Encode.forHtmlAttribute(message.stopUrl()))
                    .append("\" style=\"color:#555566;\">").append(Encode.forHtml(stop)).append("</a></p>");
        }
        html.append("<p style=\"color:#555566;font-size:13px;border-top:1px solid #dddddd;padding-top:12px;\">")
                .append(Encode.forHtml(signature)).append("</p></div></body></html>");
        return new Rendered(subject, text.toString(), html.toString());
    }

    /**
     * A mass mailing's mail: the author's subject and Markdown (already turned into sanitized HTML),
     * a greeting by first name, and a footer saying why it came with a one-click unsubscribe link.
     */
    public Rendered renderCampaign(Locale requested, String organizationName, String subject, String firstName, String bodyText,
                                   String bodyHtml, String unsubscribeUrl) {
        Locale locale = Locale.ENGLISH.getLanguage().equals(requested.getLanguage()) ? Locale.ENGLISH : Locale.FRENCH;
        ResourceBundle bundle = ResourceBundle.getBundle("i18n.mail", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String greeting = format(bundle, "campaign.greeting", locale, firstName);
        String why = format(bundle, "campaign.why", locale, organizationName);
        String unsubscribe = format(bundle, "campaign.unsubscribe", locale);
        String signature = format(bundle, "signature", locale, organizationName);
        String text = greeting + "\n\n" + bodyText.strip() + "\n\n-- \n" + why + "\n" + unsubscribe + colon(locale) + " " + unsubscribeUrl
                + "\n" + signature + "\n";
        String html = "<!doctype html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width\"><title>" + Encode.forHtml(subject)
                + "</title></head><body style=\"margin:0;padding:0;background:#f6f4f1;\">"
                + "<div style=\"max-width:560px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;"
                + "font-size:16px;line-height:1.5;color:#1d1d24;\">"
                + "<p style=\"font-size:20px;font-weight:bold;color:#a3112f;margin:0 0 16px;\">" + Encode.forHtml(organizationName) + "</p>"
                + "<p>" + Encode.forHtml(greeting) + "</p>"
                + "<div>" + bodyHtml + "</div>"
                + "<p style=\"color:#555566;font-size:13px;border-top:1px solid #dddddd;padding-top:12px;margin-top:24px;\">"
                + Encode.forHtml(why) + "<br><a href=\"" + Encode.forHtmlAttribute(unsubscribeUrl) + "\" style=\"color:#555566;\">"
                + Encode.forHtml(unsubscribe) + "</a><br>" + Encode.forHtml(signature) + "</p></div></body></html>";
        return new Rendered(subject, text, html);
    }

    /** One sentence of the mails' bundle (a digest's line), in the locale. */
    public String phrase(String key, Locale locale, Object... args) {
        Locale l = Locale.ENGLISH.getLanguage().equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.FRENCH;
        return format(ResourceBundle.getBundle("i18n.mail", l, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)),
                key, l, args);
    }

    /** French puts a no-break space before a colon. */
    private static String colon(Locale locale) {
        return Locale.FRENCH.equals(locale) ? "\u00a0:" : ":";
    }

    private static String format(ResourceBundle bundle, String key, Locale locale, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }

    private static String optional(ResourceBundle bundle, String key, Locale locale, Object... args) {
        try {
            return format(bundle, key, locale, args);
        } catch (MissingResourceException e) {
            return null;
        }
    }
}
