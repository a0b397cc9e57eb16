package org.cortege.mail;

import io.micronaut.core.annotation.Nullable;
import java.util.Locale;

/**
 * A mail to write to the outbox: a template of {@code i18n/mail_*.properties}, its arguments
 * ({0}, {1}…), and an optional call-to-action link and code shown prominently.
 */
public record MailMessage(String recipient, @Nullable Long personId, String template, Locale locale, Object[] args,
                          @Nullable String actionUrl, @Nullable String code, boolean transactional) {
}
