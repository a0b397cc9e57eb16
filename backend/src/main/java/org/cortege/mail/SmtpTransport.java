package org.cortege.mail;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import org.apache.commons.mail.EmailException;
import org.apache.commons.mail.HtmlEmail;

/** Delivery over SMTP with Apache Commons Email: plain text and HTML alternatives, UTF-8. */
@Singleton
class SmtpTransport implements MailTransport {

    private final MailProperties properties;

    SmtpTransport(MailProperties properties) {
        this.properties = properties;
    }

    @Override
    public void deliver(OutboxMail mail) throws MailDeliveryException {
        MailProperties.Smtp smtp = properties.smtp();
        try {
            String messageId = messageId(mail, properties.from());
            HtmlEmail email = new HtmlEmail() {
                @Override
                protected javax.mail.internet.MimeMessage createMimeMessage(javax.mail.Session session) {
                    return new javax.mail.internet.MimeMessage(session) {
                        @Override
                        protected void updateMessageID() throws javax.mail.MessagingException {
                            setHeader("Message-ID", messageId);
                        }
                    };
                }
            };
            email.setCharset(StandardCharsets.UTF_8.name());
            email.setHostName(smtp.host());
            int timeout = (int) smtp.timeout().toMillis();
            email.setSocketConnectionTimeout(timeout);
            email.setSocketTimeout(timeout);
            switch (smtp.tls()) {
                case "tls" -> {
                    email.setSSLOnConnect(true);
                    email.setSslSmtpPort(Integer.toString(smtp.port()));
                    email.setSSLCheckServerIdentity(true);
                }
                case "starttls" -> {
                    email.setSmtpPort(smtp.port());
                    email.setStartTLSEnabled(true);
                    email.setStartTLSRequired(true);
                    email.setSSLCheckServerIdentity(true);
                }
                default -> email.setSmtpPort(smtp.port());
            }
            if (smtp.username() != null && !smtp.username().isBlank()) {
                email.setAuthentication(smtp.username(), smtp.password());
            }
            setFrom(email, properties.from(), mail.fromName());
            if (mail.replyTo() != null) {
                email.addReplyTo(mail.replyTo());
            }
            if (mail.listUnsubscribe() != null) {
                email.addHeader("List-Unsubscribe", "<" + mail.listUnsubscribe() + ">");
                email.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            email.addTo(mail.recipient());
            email.setSubject(mail.subject());
            email.setTextMsg(mail.bodyText());
            email.setHtmlMsg(mail.bodyHtml());
            if (mail.transactional()) {
                email.addHeader("Auto-Submitted", "auto-generated");
            }
            // Commons Email bounds connecting and reading; writing too, or a server that stops reading
            // in the middle of DATA would hold the mail (and its claim) until TCP gives up.
            email.getMailSession().getProperties().setProperty("mail.smtp.writetimeout", Integer.toString(timeout));
            email.send();
        } catch (EmailException e) {
            throw new MailDeliveryException(e.getClass().getSimpleName() + rootMessage(e), e, unreachable(e));
        }
    }

    /**
     * One Message-ID per mail of the outbox (RFC 5322 3.6.4), the same at every try: a mail handed
     * to the SMTP server just before its node or database died is sent again by another node (the
     * outbox did not record it), and the recipient's mail client shows the two copies as one.
     */
    static String messageId(OutboxMail mail, String from) {
        int at = from.lastIndexOf('@');
        String domain = at < 0 ? "localhost" : from.substring(at + 1).replace(">", "").trim();
        return "<cortege." + mail.id() + "." + mail.createdAt().toEpochMilli() + "@" + domain + ">";
    }

    /** "Name <address>" or a bare address; a mail's own sender name (a group's) replaces the name. */
    private static void setFrom(HtmlEmail email, String from, String name) throws EmailException {
        int lt = from.indexOf('<');
        String address = lt >= 0 && from.endsWith(">") ? from.substring(lt + 1, from.length() - 1).trim() : from.trim();
        String defaultName = lt > 0 ? from.substring(0, lt).trim() : null;
        String display = name != null ? name : defaultName;
        if (display == null || display.isEmpty()) {
            email.setFrom(address);
        } else {
            email.setFrom(address, display);
        }
    }

    /** No connection to the server (down, refused, unknown host, timed out): not a refusal of this mail. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().equals("MailConnectException")) {
                return true;
            }
            // 421: the service is not available now (too many connections, shutting down): not this mail's fault.
            String message = t instanceof javax.mail.MessagingException ? t.getMessage() : null;
            if (message != null && (message.startsWith("421") || message.contains("response: 421"))) {
                return true;
            }
        }
        return false;
    }

    /** The SMTP server's reason, kept for the outbox row (it names no recipient). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : ": " + root.getClass().getSimpleName();
    }
}
