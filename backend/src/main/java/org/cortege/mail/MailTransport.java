package org.cortege.mail;

/** Hands one rendered mail to the outside world. */
interface MailTransport {

    /** @throws MailDeliveryException when the mail was not accepted; the sender retries later */
    void deliver(OutboxMail mail) throws MailDeliveryException;

    class MailDeliveryException extends Exception {
        MailDeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
