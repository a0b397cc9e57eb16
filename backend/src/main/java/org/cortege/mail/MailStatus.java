package org.cortege.mail;

/** Where a mail of the outbox stands, as {@code mail_outbox.status} stores it: waiting (or retrying), sent, given up. */
public enum MailStatus {
    PENDING, SENT, FAILED
}
