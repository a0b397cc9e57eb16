package org.cortege.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One real SMTP server (GreenMail) for the whole test run, on a free port. */
public final class TestMail {

    private static GreenMail greenMail;
    private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9_-]{43})");
    private static final Pattern CODE = Pattern.compile("\\s(\\d{6})\\s*$", Pattern.MULTILINE);

    private TestMail() {
    }

    public static synchronized GreenMail server() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            greenMail.start();
        }
        return greenMail;
    }

    public static int port() {
        return server().getSmtp().getPort();
    }

    /** Waits (10 s at most) until {@code count} mails reached {@code recipient}, and returns them all. */
    public static List<MimeMessage> awaitMails(String recipient, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<MimeMessage> mails = mailsTo(recipient);
            if (mails.size() >= count || System.nanoTime() > deadline) {
                if (mails.size() < count) {
                    throw new AssertionError("expected " + count + " mail(s) to " + recipient + ", got " + mails.size());
                }
                return mails;
            }
            sleep(50);
        }
    }

    public static MimeMessage awaitMail(String recipient) {
        List<MimeMessage> mails = awaitMails(recipient, 1);
        return mails.get(mails.size() - 1);
    }

    public static List<MimeMessage> mailsTo(String recipient) {
        return Arrays.stream(server().getReceivedMessages()).filter(m -> isTo(m, recipient)).toList();
    }

    /** The whole raw message, headers and every part, as text (quoted-printable decoded where it matters). */
    public static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message);
    }

    public static String textPart(MimeMessage message) {
        try {
            var multipart = (jakarta.mail.internet.MimeMultipart) message.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
                if (part.getContent() instanceof jakarta.mail.internet.MimeMultipart inner) {
                    for (int j = 0; j < inner.getCount(); j++) {
                        if (inner.getBodyPart(j).isMimeType("text/plain")) {
                            return (String) inner.getBodyPart(j).getContent();
                        }
                    }
                }
            }
            throw new AssertionError("no text/plain part");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static String htmlPart(MimeMessage message) {
        try {
            var multipart = (jakarta.mail.internet.MimeMultipart) message.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.getContent() instanceof jakarta.mail.internet.MimeMultipart inner) {
                    for (int j = 0; j < inner.getCount(); j++) {
                        if (inner.getBodyPart(j).isMimeType("text/html")) {
                            return (String) inner.getBodyPart(j).getContent();
                        }
                    }
                }
                if (part.isMimeType("text/html")) {
                    return (String) part.getContent();
                }
            }
            throw new AssertionError("no text/html part");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The single-use token of the link in a mail. */
    public static String token(MimeMessage message) {
        Matcher m = TOKEN.matcher(textPart(message));
        if (!m.find()) {
            throw new AssertionError("no #token= link in the mail");
        }
        return m.group(1);
    }

    public static String code(MimeMessage message) {
        Matcher m = CODE.matcher(textPart(message));
        if (!m.find()) {
            throw new AssertionError("no 6-digit code in the mail");
        }
        return m.group(1);
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean isTo(MimeMessage m, String recipient) {
        try {
            var to = m.getRecipients(Message.RecipientType.TO);
            return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
        } catch (MessagingException e) {
            return false;
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
