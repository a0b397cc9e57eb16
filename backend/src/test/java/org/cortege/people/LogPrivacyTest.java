package org.cortege.people;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.Map;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** With SMTP configured, nothing about a person reaches the logs, even at DEBUG and on errors. */
@AppTest
class LogPrivacyTest extends ApiTest {

    @Test
    void noAddressNameOrTokenIsLogged() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger cortege = context.getLogger("org.cortege");
        var previous = cortege.getLevel();
        cortege.setLevel(ch.qos.logback.classic.Level.DEBUG);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        cortege.addAppender(appender);
        try {
            String email = newEmail();
            Map<String, Object> body = new HashMap<>(signupBody(email));
            body.put("firstName", "Eulalie");
            String cookie = confirmedSupporter(body);
            api.post("/api/signup", body); // known address: a login mail
            String token = TestMail.token(TestMail.awaitMails(email, 2).get(1));
            api.post("/api/login/confirm", Map.of("token", token));
            api.post("/api/login/confirm", Map.of("token", token)); // refused replay
            api.patch("/api/me", Map.of("postalCode", "00000"), "Cookie", cookie); // refused change
            api.get("/api/me/data", "Cookie", cookie);
            api.put("/api/me/consents/mailing", Map.of("given", false), "Cookie", cookie);
            String admin = freshAdmin();
            String publicId = (String) api.get("/api/me", "Cookie", cookie).get("id");
            api.get("/api/admin/people/" + publicId, "Cookie", admin);
            api.delete("/api/me", "Cookie", cookie); // erasure: logged without the data
            api.post("/api/signup", Map.of("email", email, "firstName", "Eulalie")); // refused sign-up
            TestMail.sleep(300);

            assertTrue(appender.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("person erased")),
                "the erasure is logged, without the data");
            for (ILoggingEvent event : appender.list) {
                String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
                assertFalse(line.contains(email), line);
                assertFalse(line.contains("Eulalie"), line);
                assertFalse(line.contains(token), line);
                assertFalse(line.contains(cookie.substring(cookie.indexOf('=') + 1)), line);
            }
        } finally {
            root.detachAppender(appender);
            cortege.detachAppender(appender);
            cortege.setLevel(previous);
        }
    }
}
