package org.cortege.mail;

/** Hands one rendered mail to the outside world. */
interface MailTransport {

    /** @throws MailDeliveryException when the mail was not accepted; the sender retries later */
    void deliver(OutboxMail mail) throws MailDeliveryException;

    class MailDeliveryException extends Exception {
        private final boolean serverUnavailable;

        MailDeliveryException(String message, Throwable cause, boolean serverUnavailable) {
            super(message, cause);
            this.serverUnavailable = serverUnavailable;
        }

        /** The server could not be reached at all: no fault of this mail, which keeps its attempts. */
        boolean serverUnavailable() {
            return serverUnavailable;
        }
    }
}
