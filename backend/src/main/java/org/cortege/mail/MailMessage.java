package org.cortege.mail;

import io.micronaut.core.annotation.Nullable;
import java.util.Locale;

/**
 * A mail to write to the outbox: a template of {@code i18n/mail_*.properties}, its arguments
 * ({0}, {1}…), and an optional call-to-action link and code shown prominently. A mail that is not
 * transactional carries a {@code listUnsubscribe} URL (one-click, RFC 8058); {@code body} is free
 * text written by a person, shown as is (escaped) after the intro.
 */
public record MailMessage(String recipient, @Nullable Long personId, String template, Locale locale, Object[] args,
                          @Nullable String actionUrl, @Nullable String code, boolean transactional,
                          @Nullable String fromName, @Nullable String replyTo, @Nullable String body,
                          @Nullable String listUnsubscribe, @Nullable String reportUrl, @Nullable String secondaryUrl,
                          @Nullable String stopUrl) {

    /** A mail with every part but the footer's "stop these mails" link. */
    public MailMessage(String recipient, @Nullable Long personId, String template, Locale locale, Object[] args,
                       @Nullable String actionUrl, @Nullable String code, boolean transactional,
                       @Nullable String fromName, @Nullable String replyTo, @Nullable String body,
                       @Nullable String listUnsubscribe, @Nullable String reportUrl, @Nullable String secondaryUrl) {
        this(recipient, personId, template, locale, args, actionUrl, code, transactional, fromName, replyTo, body, listUnsubscribe,
                reportUrl, secondaryUrl, null);
    }

    /**
     * The same mail with a "stop these mails" link in its footer: the page where the person turns this kind of mail
     * off in one click (the {@code List-Unsubscribe} header may name another address, the one-click POST's).
     */
    public MailMessage withStop(@Nullable String pageUrl) {
        return new MailMessage(recipient, personId, template, locale, args, actionUrl, code, transactional, fromName, replyTo, body,
                listUnsubscribe, reportUrl, secondaryUrl, pageUrl);
    }

    /** A mail with a reply-to, a body, unsubscribe and report links, and no second button. */
    public MailMessage(String recipient, @Nullable Long personId, String template, Locale locale, Object[] args,
                       @Nullable String actionUrl, @Nullable String code, boolean transactional,
                       @Nullable String fromName, @Nullable String replyTo, @Nullable String body,
                       @Nullable String listUnsubscribe, @Nullable String reportUrl) {
        this(recipient, personId, template, locale, args, actionUrl, code, transactional, fromName, replyTo, body, listUnsubscribe,
                reportUrl, null);
    }

    /**
     * A transactional mail with two buttons: {@code actionUrl} (the template's {@code .action}) and {@code secondaryUrl}
     * (its {@code .secondary}), e.g. "I confirm" and "I can no longer come".
     */
    public static MailMessage twoButtons(String recipient, @Nullable Long personId, String template, Locale locale, Object[] args,
                                         String actionUrl, String secondaryUrl) {
        return new MailMessage(recipient, personId, template, locale, args, actionUrl, null, true, null, null, null, null, null,
                secondaryUrl);
    }

    /** A transactional mail from the platform itself. */
    public MailMessage(String recipient, @Nullable Long personId, String template, Locale locale, Object[] args,
                       @Nullable String actionUrl, @Nullable String code, boolean transactional) {
        this(recipient, personId, template, locale, args, actionUrl, code, transactional, null, null, null, null, null, null);
    }
}
