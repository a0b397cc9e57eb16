package org.cortege.admin.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CSV import and export over HTTP on the real MariaDB: French headers guessed, Latin-1 and BOM
 * files, semicolons, thousands of broken lines reported without losing the good ones, duplicates
 * updated or skipped (never a second person), consent never granted on anyone's behalf, formula
 * injection neutralised on export, every export logged, and an export that imports back.
 */
@AppTest
class ImportExportTest extends ApiTest {

    /** First-contact notices on (off for the rest of the suite: application-test.yml). */
    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.imports.first-contact-notice", "true");
    }

    private String admin;

    @jakarta.inject.Inject
    ImportService imports;

    @jakarta.inject.Inject
    org.cortege.privacy.FirstContactNotices notices;

    @jakarta.inject.Inject
    org.cortege.maintenance.DataRetentionJob retention;

    /** Imports these lines ("email;prénom") with these declaration's choices on top of the usual ones; returns the import's id. */
    private String importDeclared(String name, String lines, Map<String, Object> choices) {
        Api.Response read = upload(name, ("email;prénom\n" + lines).getBytes(StandardCharsets.UTF_8), admin);
        String id = (String) read.get("id");
        Map<String, Object> options = declared(Map.of("mapping", mapping(read), "duplicates", "update"));
        options.putAll(choices);
        Api.Response started = api.post("/api/admin/imports/" + id + "/start", options, "Cookie", admin);
        assertEquals(200, started.status(), started.body());
        awaitDone(id, admin);
        return id;
    }

    @BeforeAll
    void anAdmin() {
        api = new Api(httpClient, json);
        admin = freshAdmin();
    }

    /** Uploads a file in pieces as the page does and reads it; returns the import's answer. */
    private Api.Response upload(String name, byte[] bytes, String cookie) {
        Api.Response begun = api.post("/api/admin/imports", Map.of("fileName", name, "size", bytes.length), "Cookie", cookie);
        assertEquals(201, begun.status(), begun.body());
        String id = (String) begun.get("id");
        for (int seq = 0; seq * 48 * 1024 < bytes.length; seq++) {
            byte[] piece = Arrays.copyOfRange(bytes, seq * 48 * 1024, Math.min(bytes.length, (seq + 1) * 48 * 1024));
            Api.Response r = api.exchange(HttpRequest.PUT("/api/admin/imports/" + id + "/pieces/" + seq, piece)
                    .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE), "Cookie", cookie);
            assertEquals(204, r.status(), r.body());
        }
        return api.post("/api/admin/imports/" + id + "/complete", Map.of(), "Cookie", cookie);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> mapping(Api.Response read) {
        return (Map<String, String>) ((Map<String, Object>) read.get("options")).get("mapping");
    }

    private Map<String, Object> awaitDone(String id, String cookie) {
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, Object> v;
        do {
            v = api.get("/api/admin/imports/" + id, "Cookie", cookie).map();
            if ("DONE".equals(v.get("status")) || "FAILED".equals(v.get("status"))) {
                return v;
            }
            TestMail.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("import still " + v.get("status"));
    }

    private static int n(Object o) {
        return ((Number) o).intValue();
    }

    @Test
    void aLatin1FileWithSemicolonsAndFrenchHeadersImportsItsGoodLinesAndReportsTheOthers() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tag = "Import " + run;
        StringBuilder csv = new StringBuilder("Prénom;Nom;Courriel;Code postal;Date de naissance;Centres d'intérêt;Consentement;Étiquettes\r\n");
        csv.append("Élodie;Müller;elodie.").append(run).append("@import.test;13001;17/05/1990;Écologie, logement;oui;=1+2\r\n");
        csv.append("Noé;Leroy;noe.").append(run).append("@import.test;3100;1985-01-02;;non;\r\n"); // 03100: Excel dropped the 0
        csv.append("Bad;Email;not-an-email;13001;;;oui;\r\n");
        csv.append("Zoé;Inconnue;zoe.").append(run).append("@import.test;99999;;;oui;\r\n");
        csv.append("Léa;Date;lea.").append(run).append("@import.test;13001;31/02/1990;;oui;\r\n");
        csv.append("Élodie;Bis;ELODIE.").append(run).append("@import.test;13001;;;oui;\r\n");
        csv.append("Max;Consent;max.").append(run).append("@import.test;13001;;;peut-être;\r\n");
        byte[] latin1 = csv.toString().getBytes(Charset.forName("windows-1252"));

        Api.Response read = upload("adhérents " + run + ".csv", latin1, admin);
        assertEquals(200, read.status(), read.body());
        assertEquals("windows-1252", read.get("charset"));
        assertEquals(";", read.get("delimiter"));
        assertEquals(7, n(read.get("rows")));
        Map<String, String> mapping = mapping(read);
        assertEquals("firstName", mapping.get("Prénom"));
        assertEquals("email", mapping.get("Courriel"));
        assertEquals("postalCode", mapping.get("Code postal"));
        assertEquals("interests", mapping.get("Centres d'intérêt"));
        assertEquals("emailConsent", mapping.get("Consentement"));
        String id = (String) read.get("id");

        Map<String, Object> options = new HashMap<>();
        options.put("mapping", mapping);
        options.put("duplicates", "update");
        options.put("tag", tag);
        Api.Response check = api.post("/api/admin/imports/" + id + "/check", options, "Cookie", admin);
        assertEquals(200, check.status(), check.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) check.get("summary");
        assertEquals(2, n(summary.get("create")), summary.toString());
        assertEquals(5, n(summary.get("refused")), summary.toString());
        String errors = summary.get("errors").toString();
        assertTrue(errors.contains("line=4, message=Adresse e-mail invalide\u00a0: «\u00a0not-an-email\u00a0»."), errors);
        assertTrue(errors.contains("Code postal inconnu"), errors);
        assertTrue(errors.contains("Date de naissance invalide"), errors);
        assertTrue(errors.contains("déjà plus haut dans le fichier"), errors);
        assertTrue(errors.contains("Consentement illisible"), errors);
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email LIKE ?", "%." + run + "@import.test"), "a check writes nothing");

        // Where the people come from and on what basis they are kept is declared before anything is written (CNIL)
        Api.Response undeclared = api.post("/api/admin/imports/" + id + "/start", options, "Cookie", admin);
        assertEquals(400, undeclared.status(), undeclared.body());
        assertTrue(undeclared.fieldError("origin").orElseThrow().startsWith("Dites d’où viennent ces personnes"), undeclared.body());
        assertTrue(undeclared.fieldError("legalBasis").isPresent() && undeclared.fieldError("attested").isPresent(), undeclared.body());
        Map<String, Object> bought = declared(options);
        bought.put("origin", "bought-or-rented");
        assertTrue(api.post("/api/admin/imports/" + id + "/start", bought, "Cookie", admin).fieldError("origin").orElseThrow()
                .startsWith("Un fichier acheté ou loué ne peut pas être importé"));
        Map<String, Object> professional = declared(options);
        professional.put("origin", "professional-or-public");
        assertTrue(api.post("/api/admin/imports/" + id + "/start", professional, "Cookie", admin).fieldError("origin").orElseThrow()
                .contains("autre finalité"));
        Map<String, Object> other = declared(options);
        other.put("origin", "other");
        assertTrue(api.post("/api/admin/imports/" + id + "/start", other, "Cookie", admin).fieldError("originDetail").isPresent());
        Map<String, Object> linked = declared(options);
        linked.put("origin", "other");
        linked.put("originDetail", "Pétition ; confirmez sur evil.example");
        assertTrue(api.post("/api/admin/imports/" + id + "/start", linked, "Cookie", admin).fieldError("originDetail").orElseThrow()
                .contains("sans adresse web"), "the detail is quoted in every notice: no address to follow");
        Map<String, Object> scraped = declared(options);
        scraped.put("origin", "scraped");
        assertTrue(api.post("/api/admin/imports/" + id + "/start", scraped, "Cookie", admin).fieldError("origin").isPresent());
        Map<String, Object> unattested = declared(options);
        unattested.put("attested", false);
        assertTrue(api.post("/api/admin/imports/" + id + "/start", unattested, "Cookie", admin).fieldError("attested").isPresent());
        assertEquals("UPLOADED", api.get("/api/admin/imports/" + id, "Cookie", admin).get("status"), "nothing started");
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email LIKE ?", "%." + run + "@import.test"));

        options = declared(options);
        options.put("origin", "other");
        options.put("originDetail", "Feuille d’émargement de la réunion du 12 mai");
        Api.Response started = api.post("/api/admin/imports/" + id + "/start", options, "Cookie", admin);
        assertEquals(200, started.status(), started.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> declaredAs = (Map<String, Object>) api.get("/api/admin/imports/" + id, "Cookie", admin).get("options");
        assertEquals("other", declaredAs.get("origin"));
        assertEquals("Feuille d’émargement de la réunion du 12 mai", declaredAs.get("originDetail"));
        assertEquals("regular-contact", declaredAs.get("legalBasis"));
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE action = 'import.start' AND target_id = ? AND reason LIKE ?", id,
                "%origin other; basis regular-contact; attested%"), "who vouched for it, in the audit log");
        assertEquals(409, api.post("/api/admin/imports/" + id + "/start", options, "Cookie", admin).status(), "a double click imports once");
        Map<String, Object> done = awaitDone(id, admin);
        assertEquals("DONE", done.get("status"), done.toString());
        assertEquals(2, n(done.get("created")));
        assertEquals(5, n(done.get("refused")));

        String elodie = "elodie." + run + "@import.test";
        assertEquals("Élodie", string("SELECT first_name FROM person WHERE email = ?", elodie), "Latin-1 decoded");
        assertEquals("CONTACT", string("SELECT status FROM person WHERE email = ?", elodie));
        assertEquals("1990-05-17", string("SELECT birth_date FROM person WHERE email = ?", elodie));
        assertEquals("13201", string("SELECT insee_code FROM person WHERE email = ?", elodie));
        assertEquals(1, count("SELECT email_consent FROM person WHERE email = ?", elodie));
        assertEquals(1, count("SELECT COUNT(*) FROM consent c JOIN person p ON p.id = c.person_id WHERE p.email = ? AND c.purpose = 'email'", elodie));
        assertEquals(2, count("SELECT COUNT(*) FROM person_interest i JOIN person p ON p.id = i.person_id WHERE p.email = ?", elodie));
        assertEquals("03100", string("SELECT postal_code FROM person WHERE email = ?", "noe." + run + "@import.test"));
        assertEquals(0, count("SELECT email_consent FROM person WHERE email = ?", "noe." + run + "@import.test"));
        assertEquals(2, count("SELECT COUNT(*) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id WHERE t.name = ?", tag));
        assertTrue(string("SELECT source FROM person WHERE email = ?", elodie).startsWith("import:adhérents"));
        String elodieId = string("SELECT public_id FROM person WHERE email = ?", elodie);
        assertTrue(api.get("/api/admin/people/" + elodieId, "Cookie", admin).body().contains("\"kind\":\"imported\""));

        // The export of that tag: semicolons, a BOM, French headers, the formula neutralised, the export logged.
        Map<String, Object> export = Map.of("selection", Map.of("rule", Map.of("field", "tag", "values",
                List.of(string("SELECT id FROM tag WHERE name = ?", tag)))), "columns", List.of("firstName", "lastName", "email",
                "postalCode", "commune", "birthDate", "interests", "tags", "emailConsent"));
        Api.Response file = api.post("/api/admin/exports", export, "Cookie", admin);
        assertEquals(200, file.status(), file.body());
        assertTrue(file.contentType().startsWith("text/csv"), file.contentType());
        assertTrue(file.headers().get("Content-Disposition").startsWith("attachment"));
        String body = file.body();
        assertTrue(body.startsWith("\uFEFFPrénom;Nom;E-mail;Code postal;Commune;Date de naissance;Centres d’intérêt;Étiquettes;Accepte les envois\r\n"), body);
        assertTrue(body.contains("Élodie;Müller;" + elodie + ";13001;Marseille 1er Arrondissement;1990-05-17;ecologie, logement;"), body);
        assertTrue(body.contains("'=1+2") && !body.contains(";=1+2"), "a cell that looks like a formula starts with a quote: " + body);
        assertEquals(3, body.split("\r\n").length, "a header and two people");
        long exportId = count("SELECT MAX(id) FROM contact_export");
        // The file is streamed: its last bytes can reach us before the server records the count once the stream is closed.
        long recorded = System.currentTimeMillis() + 5000;
        while (count("SELECT COUNT(*) FROM contact_export WHERE id = ? AND finished_at IS NOT NULL", exportId) == 0
                && System.currentTimeMillis() < recorded) {
            TestMail.sleep(50);
        }
        assertEquals(2, count("SELECT row_count FROM contact_export WHERE id = ?", exportId));
        assertTrue(api.get("/api/admin/exports", "Cookie", admin).body().contains("\"rows\":2"));
        assertTrue(api.get("/api/admin/audit", "Cookie", admin).body().contains("export.start"));

        // The export imports back: the two are recognised by address and updated, nobody is created twice.
        Api.Response again = upload("retour " + run + ".csv", body.getBytes(StandardCharsets.UTF_8), admin);
        assertEquals("UTF-8", again.get("charset"));
        Map<String, Object> back = new HashMap<>();
        back.put("mapping", mapping(again));
        back.put("duplicates", "update");
        String againId = (String) again.get("id");
        api.post("/api/admin/imports/" + againId + "/start", declared(back), "Cookie", admin);
        Map<String, Object> roundTrip = awaitDone(againId, admin);
        assertEquals(0, n(roundTrip.get("created")), roundTrip.toString());
        assertEquals(2, n(roundTrip.get("updated")), roundTrip.toString());
        assertEquals(0, n(roundTrip.get("refused")), roundTrip.toString());
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", elodie));

        // The files are personal data: erased once the imports are over, their counts kept.
        imports.purgeFiles(java.time.Duration.ZERO);
        assertEquals(0, count("SELECT COUNT(*) FROM contact_import WHERE public_id IN (?, ?) AND file_gz IS NOT NULL", id, againId));
        Api.Response after = api.get("/api/admin/imports/" + id, "Cookie", admin);
        assertEquals(200, after.status(), after.body());
        assertEquals(2, n(after.get("created")));
    }

    @Test
    void tenThousandBrokenLinesAreReportedAndTheGoodOnesImportedWithoutTouchingConsent() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String known = insertContact("Ancien", "Connu", LocalDate.of(1970, 1, 1), "13001", "13201", "Marseille 1er", "13", 43.3, 5.38,
                "CONFIRMED", "signup", Instant.now().minus(30, ChronoUnit.DAYS), null, false);
        String knownEmail = string("SELECT email FROM person WHERE public_id = ?", known);
        StringBuilder csv = new StringBuilder("\uFEFFemail,first name,last name,postal code,newsletter\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("broken-").append(i).append("-at-nowhere,Broken,Line,13001,yes\n");
        }
        for (int i = 0; i < 5; i++) {
            csv.append("good").append(i).append('.').append(run).append("@import.test,Good,Line,13001,yes\n");
        }
        csv.append(knownEmail).append(",Renamed,Connu,13001,yes\n");
        Api.Response read = upload("broken.csv", csv.toString().getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(200, read.status(), read.body());
        assertEquals(",", read.get("delimiter"));
        assertEquals(10_006, n(read.get("rows")));
        Map<String, Object> options = new HashMap<>();
        options.put("mapping", mapping(read));
        options.put("duplicates", "skip");
        String id = (String) read.get("id");
        api.post("/api/admin/imports/" + id + "/start", declared(options), "Cookie", admin);
        Map<String, Object> done = awaitDone(id, admin);
        assertEquals(5, n(done.get("created")), done.toString());
        assertEquals(10_000, n(done.get("refused")));
        assertEquals(1, n(done.get("skipped")), "the known address is skipped as asked");
        assertEquals(200, ((List<?>) done.get("errors")).size(), "the first 200 refusals are kept, not 10 000");
        assertEquals("Ancien", string("SELECT first_name FROM person WHERE public_id = ?", known));

        // Updating a known person never gives consent on their behalf.
        Api.Response update = upload("update.csv", ("email,first name,newsletter\n" + knownEmail + ",Renamed,yes\n").getBytes(StandardCharsets.UTF_8), admin);
        Map<String, Object> u = new HashMap<>();
        u.put("mapping", mapping(update));
        u.put("duplicates", "update");
        api.post("/api/admin/imports/" + update.get("id") + "/start", declared(u), "Cookie", admin);
        assertEquals(1, n(awaitDone((String) update.get("id"), admin).get("updated")));
        assertEquals("Renamed", string("SELECT first_name FROM person WHERE public_id = ?", known));
        assertEquals(0, count("SELECT email_consent FROM person WHERE public_id = ?", known), "consent is the person's to give");
    }

    @Test
    void badFilesAndRequestsGetClearAnswers() {
        assertEquals(400, api.post("/api/admin/imports", Map.of("fileName", "x.csv", "size", 0), "Cookie", admin).status());
        Api.Response tooBig = api.post("/api/admin/imports", Map.of("fileName", "x.csv", "size", 40 * 1024 * 1024), "Cookie", admin);
        assertEquals(400, tooBig.status());
        assertEquals("Le fichier dépasse 30\u00a0Mo\u00a0: découpez-le en plusieurs fichiers.", tooBig.fieldError("file").orElseThrow());
        Api.Response onlyHeader = upload("empty.csv", "email;nom\n".getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(400, onlyHeader.status());
        Api.Response unclosed = upload("quotes.csv", "email;nom\n\"a@b.fr;\"x\n\"unclosed;y\n".getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(400, unclosed.status(), unclosed.body());
        Api.Response binary = upload("classeur.xlsx", new byte[] {0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00}, admin);
        assertEquals(400, binary.status());
        assertTrue(binary.fieldError("file").orElseThrow().startsWith("Ce fichier n’est pas un fichier texte CSV"), binary.body());
        Api.Response noEmail = upload("noemail.csv", "nom;prénom\nDupont;Jean\n".getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(200, noEmail.status());
        Api.Response refused = api.post("/api/admin/imports/" + noEmail.get("id") + "/start", declared(Map.of("mapping", mapping(noEmail))), "Cookie", admin);
        assertEquals(400, refused.status());
        assertTrue(refused.fieldError("mapping").orElseThrow().startsWith("Indiquez quelle colonne contient l’adresse e-mail"));
        Api.Response badColumn = api.post("/api/admin/exports", Map.of("selection", Map.of(), "columns", List.of("password")), "Cookie", admin);
        assertEquals(400, badColumn.status());
        String supporter = confirmedSupporter(newEmail());
        assertEquals(403, api.post("/api/admin/exports", Map.of("selection", Map.of(), "columns", List.of("email")), "Cookie", supporter).status());
        assertEquals(403, api.post("/api/admin/imports", Map.of("fileName", "x.csv", "size", 10), "Cookie", supporter).status());
        assertFalse(api.get("/api/admin/exports", "Cookie", supporter).status() == 200, "the export log is for admins");
    }

    /**
     * Imported people are told once who holds their details, where from, what for, how long and how
     * to object (CNIL); two passes at once (two nodes) tell each once; someone who came through the
     * site is not told; the objection link erases the person and no import brings the address back.
     */
    @Test
    void importedPeopleAreToldOnceAndTheirObjectionKeepsThemOut() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String named = "ana." + run + "@notice.test";
        String unnamed = "sans-nom." + run + "@notice.test";
        String supporter = "deja." + run + "@notice.test";
        confirmedSupporter(supporter);
        String csv = "email;prénom;nom;code postal\n" + named + ";Ana;Lopez;75011\n" + unnamed + ";;;13001\n" + supporter + ";Déjà;Là;69001\n";
        Api.Response read = upload("petition-" + run + ".csv", csv.getBytes(StandardCharsets.UTF_8), admin);
        String id = (String) read.get("id");
        Map<String, Object> options = declared(Map.of("mapping", mapping(read), "duplicates", "update"));
        assertEquals(200, api.post("/api/admin/imports/" + id + "/start", options, "Cookie", admin).status());
        assertEquals(2, n(awaitDone(id, admin).get("created")));

        // told as the import ends, without waiting for the minute's pass
        TestMail.awaitMail(named);
        TestMail.awaitMail(unnamed);
        // people an import created and nobody told yet (their node stopped first): two nodes' passes at once tell each once
        String late1 = "late1." + run + "@notice.test";
        String late2 = "late2." + run + "@notice.test";
        long importId = count("SELECT id FROM contact_import WHERE public_id = ?", id);
        for (String late : List.of(late1, late2)) {
            update("INSERT INTO person (public_id, email, first_name, last_name, country, postal_code, locale, status, source, created_at, "
                    + "updated_at) VALUES (?, ?, 'Tard', 'Venu', 'FR', '75011', 'fr', 'CONTACT', 'import:test', NOW(6), NOW(6))",
                    UUID.randomUUID().toString().replace("-", "").substring(0, 16), late);
            update("INSERT INTO contact_import_person (import_id, person_id, action) SELECT ?, id, 'CREATED' FROM person WHERE email = ?",
                    importId, late);
        }
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> passes = List.of(
                two.submit(() -> { go.await(); return notices.run(); }), two.submit(() -> { go.await(); return notices.run(); }));
        go.countDown();
        for (java.util.concurrent.Future<Integer> pass : passes) {
            pass.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        two.shutdown();
        jakarta.mail.internet.MimeMessage toAna = TestMail.awaitMail(named);
        TestMail.awaitMail(late1);
        TestMail.awaitMail(late2);
        notices.run();
        TestMail.sleep(3000); // the outbox's next passes: nothing more comes
        for (String told : List.of(named, unnamed, late1, late2)) {
            assertEquals(1, TestMail.mailsTo(told).size(), told + " told once");
        }
        assertEquals(4, count("SELECT COUNT(*) FROM import_notice n JOIN person p ON p.id = n.person_id WHERE p.email LIKE ?",
                "%." + run + "@notice.test"));
        assertTrue(TestMail.mailsTo(supporter).stream().noneMatch(m -> TestMail.subject(m).startsWith("Vos coordonnées")),
                "a supporter who signed up themselves is not told as an imported contact");

        String text = TestMail.textPart(toAna);
        assertTrue(TestMail.subject(toAna).startsWith("Vos coordonnées chez "), TestMail.subject(toAna));
        assertTrue(text.startsWith("Bonjour Ana,"), text);
        assertTrue(text.contains("Elles viennent d’une pétition papier que vous avez signée."), text);
        assertTrue(text.contains("au plus 3\u00a0ans après notre dernier échange"), text);
        assertTrue(text.contains("CNIL") && text.contains("/confidentialite"), text);
        assertTrue(TestMail.textPart(TestMail.awaitMail(unnamed)).startsWith("Bonjour,"), "no name, no gap");
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/opposition#m=([A-Za-z0-9_-]+)&t=([A-Za-z0-9_-]{43})").matcher(text);
        assertTrue(link.find(), text);

        // the objection: a forged link is refused; the real one erases the person, and keeps the address out of imports
        Api.Response forged = api.post("/api/objection", Map.of("m", link.group(1), "t", "x".repeat(43)));
        assertEquals(400, forged.status());
        assertTrue(forged.body().contains("Ce lien n’est pas valable"), forged.body());
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", named));
        assertEquals(204, api.post("/api/objection", Map.of("m", link.group(1), "t", link.group(2))).status());
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", named), "erased");
        assertEquals(204, api.post("/api/objection", Map.of("m", link.group(1), "t", link.group(2))).status(), "twice: the same answer");
        // someone who signed up since is not erased by the old mail (nor would a ban be lifted)
        String toUnnamed = TestMail.textPart(TestMail.mailsTo(unnamed).get(0));
        java.util.regex.Matcher unnamedLink = java.util.regex.Pattern.compile("/opposition#m=([A-Za-z0-9_-]+)&t=([A-Za-z0-9_-]{43})")
                .matcher(toUnnamed);
        assertTrue(unnamedLink.find(), toUnnamed);
        confirmedSupporter(unnamed);
        assertEquals(204, api.post("/api/objection", Map.of("m", unnamedLink.group(1), "t", unnamedLink.group(2))).status());
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ? AND status = 'CONFIRMED'", unnamed), "a supporter now: kept");
        assertEquals(0, count("SELECT COUNT(*) FROM import_opposition WHERE email_hash LIKE ?", "%" + named + "%"), "no address kept");

        Api.Response again = upload("again-" + run + ".csv", ("email;prénom\n" + named + ";Ana\n").getBytes(StandardCharsets.UTF_8), admin);
        String againId = (String) again.get("id");
        Map<String, Object> back = declared(Map.of("mapping", mapping(again), "duplicates", "update"));
        @SuppressWarnings("unchecked")
        Map<String, Object> dryRun = (Map<String, Object>) api.post("/api/admin/imports/" + againId + "/check", back, "Cookie", admin).get("summary");
        assertEquals(1, n(dryRun.get("refused")), dryRun.toString());
        assertTrue(dryRun.get("errors").toString().contains("a demandé à ne plus figurer dans votre fichier"), dryRun.toString());
        assertEquals(200, api.post("/api/admin/imports/" + againId + "/start", back, "Cookie", admin).status());
        Map<String, Object> done = awaitDone(againId, admin);
        assertEquals(0, n(done.get("created")));
        assertEquals(1, n(done.get("refused")));
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", named), "not brought back");
    }

    /**
     * Retention by kind: a prospect who never answered goes after six months, one who came to an
     * action stays, a regular contact stays (three years without exchange apply), and the people of
     * a file collected for one vote go on its purge date unless they signed up themselves.
     */
    @Test
    void importedContactsAreKeptAsLongAsTheirKindAllows() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String silent = "silent." + run + "@kinds.test";
        String came = "came." + run + "@kinds.test";
        String regular = "regular." + run + "@kinds.test";
        String voter = "voter." + run + "@kinds.test";
        String joined = "joined." + run + "@kinds.test";
        importDeclared("prospects-" + run + ".csv", silent + ";Sam\n" + came + ";Cam\n", Map.of("legalBasis", "consent"));
        importDeclared("members-" + run + ".csv", regular + ";Reg\n", Map.of("legalBasis", "regular-contact"));

        String today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString();
        Api.Response read = upload("vote-" + run + ".csv", ("email;prénom\n" + voter + ";Val\n" + joined + ";Jo\n").getBytes(StandardCharsets.UTF_8), admin);
        Map<String, Object> vote = declared(Map.of("mapping", mapping(read), "duplicates", "update"));
        vote.put("purgeOn", today);
        assertTrue(api.post("/api/admin/imports/" + read.get("id") + "/start", vote, "Cookie", admin).fieldError("purgeOn").isPresent(),
                "a purge date is a day to come");
        vote.put("purgeOn", java.time.LocalDate.now().plusYears(6).toString());
        assertTrue(api.post("/api/admin/imports/" + read.get("id") + "/start", vote, "Cookie", admin).fieldError("purgeOn").isPresent());
        String afterTheVote = java.time.LocalDate.now().plusDays(30).toString();
        vote.put("purgeOn", afterTheVote);
        assertEquals(200, api.post("/api/admin/imports/" + read.get("id") + "/start", vote, "Cookie", admin).status());
        awaitDone((String) read.get("id"), admin);
        assertEquals(afterTheVote, count("SELECT COUNT(*) FROM contact_import WHERE public_id = ? AND JSON_VALUE(options, '$.purgeOn') = ?",
                read.get("id"), afterTheVote) == 1 ? afterTheVote : "not stored as a day");
        confirmedSupporter(joined); // signs up through the site before the vote

        retention.run();
        for (String email : List.of(silent, came, regular, voter, joined)) {
            assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", email), email + ": nothing is due yet");
        }
        // six months and a day later; one of the prospects came to an action meanwhile; the vote is over
        update("UPDATE person SET created_at = created_at - INTERVAL 181 DAY WHERE email LIKE ?", "%." + run + "@kinds.test");
        update("UPDATE import_notice n JOIN person p ON p.id = n.person_id SET n.sent_at = n.sent_at - INTERVAL 181 DAY "
                + "WHERE p.email LIKE ?", "%." + run + "@kinds.test");
        update("UPDATE person SET last_attended_at = NOW(6) WHERE email = ?", came);
        update("UPDATE contact_import SET options = JSON_SET(options, '$.purgeOn', ?) WHERE public_id = ?", today, read.get("id"));

        org.cortege.maintenance.DataRetentionJob.Report report = retention.run();
        assertTrue(report.importedProspects() >= 1 && report.importEnds() >= 1, report.toString());
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", silent), "a prospect who never answered is erased");
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", came), "one who came to an action stays");
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", regular), "a regular contact stays");
        assertEquals("REGULAR_CONTACT", string("SELECT relation FROM person WHERE email = ?", regular), "as its import declared");
        assertEquals(null, string("SELECT relation FROM person WHERE email = ?", came), "a prospect is neither member nor regular contact");
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", voter), "erased on the import's purge date");
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", joined), "signed up themselves: stays");
        assertTrue(count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.erase' AND reason = ?",
                "imported prospect without answer past the retention period") >= 1);
        assertTrue(count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.erase' AND reason = ?", "the purge date of their import") >= 1);
    }
}
