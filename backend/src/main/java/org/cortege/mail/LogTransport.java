package org.cortege.mail;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With no SMTP server configured, mails are written to the log, links included, so a person trying
 * the platform on the embedded default can still sign up. A start-up warning says so: this is not
 * for production, where the log must hold no personal data.
 */
@Singleton
class LogTransport implements MailTransport {

    private static final Logger LOG = LoggerFactory.getLogger("org.cortege.mail.LoggedMail");

    @Override
    public void deliver(OutboxMail mail) {
        LOG.info("Mail #{} (no SMTP server configured, so it is shown here instead of sent)\nSubject: {}\n\n{}",
                mail.id(), mail.subject(), mail.bodyText());
    }
}
