package org.cortege.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

@AppTest
class GroupMessageTest extends ApiTest {

    @Test
    void managersWriteToAllMembersWhoCanLeaveInOneClick() throws Exception {
        String founderEmail = newEmail();
        String founder = confirmedSupporter(founderEmail);
        String name = unique("Tractage du samedi");
        String id = createGroup(founder, name, "69003");
        api.patch("/api/groups/" + id, Map.of("contactEmail", "contact@groupe.test"), "Cookie", founder);
        String memberEmail = newEmail();
        String member = confirmedSupporter(memberEmail);
        api.post("/api/groups/" + id + "/membership", Map.of("shareContact", false), "Cookie", member);

        Api.Response sent = api.post("/api/groups/" + id + "/messages",
                Map.of("subject", "Rendez-vous samedi", "body", "Rendez-vous à 10 h devant la mairie.\n<b>Apportez des tracts</b>"),
                "Cookie", founder);
        assertEquals(202, sent.status(), sent.body());
        assertEquals(2, ((Number) sent.get("recipients")).intValue());

        MimeMessage mail = TestMail.awaitMails(memberEmail, 2).get(1);
        assertEquals("[" + name + "] Rendez-vous samedi", TestMail.subject(mail));
        assertEquals(name, ((InternetAddress) mail.getFrom()[0]).getPersonal(), "the group's name is the sender name");
        assertEquals("contact@groupe.test", mail.getReplyTo()[0].toString());
        assertFalse(TestMail.body(mail).contains(founderEmail), "the manager's own address is not disclosed");
        assertTrue(TestMail.textPart(mail).contains("Rendez-vous à 10 h devant la mairie."));
        assertTrue(TestMail.htmlPart(mail).contains("&lt;b&gt;Apportez des tracts&lt;/b&gt;"), "the message is text, escaped");
        assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post")[0]);
        String header = mail.getHeader("List-Unsubscribe")[0];
        Matcher m = Pattern.compile("<" + Pattern.quote(publicUrl()) + "(/api/groups/[^>]+)>").matcher(header);
        assertTrue(m.find(), header);
        String unsubscribe = m.group(1);

        Api.Response forged = api.exchange(HttpRequest.POST(unsubscribe.replaceAll("t=[^&]+", "t=AAAA"), "List-Unsubscribe=One-Click")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE));
        assertEquals(403, forged.status());
        Api.Response oneClick = api.exchange(HttpRequest.POST(unsubscribe, "List-Unsubscribe=One-Click")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE));
        assertEquals(204, oneClick.status(), oneClick.body());
        assertEquals(1, ((Number) api.get("/api/groups/" + id).get("memberCount")).intValue());
        org.junit.jupiter.api.Assertions.assertNull(api.get("/api/groups/" + id, "Cookie", member).get("myRole"), "no longer a member");
    }

    @Test
    void aRecipientReportsAMessageAndAdminsReadItInTheQueue() {
        update("DELETE FROM person WHERE email = 'admin@cortege.test'");
        String admin = confirmedSupporter("admin@cortege.test");
        String founder = confirmedSupporter(newEmail());
        String id = createGroup(founder, unique("Messages signalés"), "69003");
        String memberEmail = newEmail();
        String member = confirmedSupporter(memberEmail);
        api.post("/api/groups/" + id + "/membership", Map.of(), "Cookie", member);
        String subject = unique("Achetez ma crème");
        api.post("/api/groups/" + id + "/messages", Map.of("subject", subject, "body", "Promo !"), "Cookie", founder);

        MimeMessage mail = TestMail.awaitMails(memberEmail, 2).get(1);
        Matcher m = Pattern.compile("/signaler\\?type=message&id=([A-Za-z0-9_-]+)").matcher(TestMail.textPart(mail));
        assertTrue(m.find(), "the mail has a link to report it");
        assertTrue(TestMail.textPart(mail).contains("Signaler ce message à la modération"));

        assertEquals(202, api.post("/api/reports", Map.of("targetType", "message", "targetId", m.group(1), "reason", "spam")).status());
        assertEquals(404, api.post("/api/reports", Map.of("targetType", "message", "targetId", "nope", "reason", "spam")).status());
        Api.Response queue = api.get("/api/admin/reports", "Cookie", admin);
        assertTrue(queue.body().contains(subject), "the queue shows the reported message");
        assertTrue(queue.body().contains("\"targetType\":\"message\""));
    }

    @Test
    void onlyManagersWriteAndMessagesAreChecked() {
        String founder = confirmedSupporter(newEmail());
        String id = createGroup(founder, unique("Silence"), "69003");
        String member = confirmedSupporter(newEmail());
        api.post("/api/groups/" + id + "/membership", Map.of(), "Cookie", member);
        Map<String, Object> message = Map.of("subject", "Pub", "body", "Achetez");
        assertEquals(403, api.post("/api/groups/" + id + "/messages", message, "Cookie", member).status());
        assertEquals(401, api.post("/api/groups/" + id + "/messages", message).status());
        assertTrue(api.post("/api/groups/" + id + "/messages", Map.of("subject", "x", "body", "y"), "Cookie", founder)
                .fieldError("subject").isPresent());
        assertTrue(api.post("/api/groups/" + id + "/messages", Map.of("subject", "Sujet", "body", "x".repeat(10001)), "Cookie", founder)
                .fieldError("body").isPresent());
    }
}
