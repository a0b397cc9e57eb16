package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * A staff member cannot fill the database with uploads (each up to 30 MB) nor make the imports page
 * decompress them all: a few open uploads at a time, and the list reads the header and first lines
 * stored when the upload completed.
 */
@AppTest
class UploadCapsTest extends ApiTest {

    private Api.Response begin(String cookie, long size) {
        return api.post("/api/admin/imports", Map.of("fileName", "liste.csv", "size", size), "Cookie", cookie);
    }

    @Test
    void openUploadsAreCappedPerStaffMember() {
        String admin = freshAdmin();
        SignedIn organizer = anOrganizer(admin, "13");
        for (int i = 0; i < 3; i++) {
            assertEquals(201, begin(organizer.cookie(), 1_000_000).status());
        }
        Api.Response fourth = begin(organizer.cookie(), 1_000_000);
        assertEquals(400, fourth.status());
        assertTrue(fourth.fieldError("file").orElseThrow().contains("3 fichiers en cours d’envoi"), fourth.body());
        assertEquals(201, begin(admin, 1_000_000).status(), "another staff member is not held back");

        SignedIn other = anOrganizer(admin, "13");
        assertEquals(201, begin(other.cookie(), 30 * 1024 * 1024).status());
        assertEquals(201, begin(other.cookie(), 30 * 1024 * 1024).status());
        assertEquals(400, begin(other.cookie(), 1).status(), "60 MB open at most, whatever the number of files");
    }

    @Test
    void aRefusedFileDoesNotCountAsAnOpenUpload() {
        String admin = freshAdmin();
        SignedIn organizer = anOrganizer(admin, "13");
        byte[] notCsv = {'P', 'K', 3, 4, 0, 0, 1, 2};
        for (int i = 0; i < 4; i++) {
            String id = (String) begin(organizer.cookie(), notCsv.length).get("id");
            assertEquals(204, api.exchange(HttpRequest.PUT("/api/admin/imports/" + id + "/pieces/0", notCsv)
                    .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE), "Cookie", organizer.cookie()).status());
            Api.Response refused = api.post("/api/admin/imports/" + id + "/complete", Map.of(), "Cookie", organizer.cookie());
            assertEquals(400, refused.status(), "try " + i + ": " + refused.body());
            assertTrue(refused.fieldError("file").isPresent(), refused.body());
        }
        assertEquals(201, begin(organizer.cookie(), 1_000).status(), "four refused files, and the next upload still opens");
    }

    @Test
    void theListShowsWhatWasStoredAtCompletion() {
        String admin = freshAdmin();
        SignedIn organizer = anOrganizer(admin, "13");
        byte[] file = "email;code postal\nines@exemple.org;13001\nleo@exemple.org;13002\n".getBytes(StandardCharsets.UTF_8);
        Api.Response begun = begin(organizer.cookie(), file.length);
        String id = (String) begun.get("id");
        assertEquals(204, api.exchange(HttpRequest.PUT("/api/admin/imports/" + id + "/pieces/0", file)
                .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE), "Cookie", organizer.cookie()).status());
        assertEquals(200, api.post("/api/admin/imports/" + id + "/complete", Map.of(), "Cookie", organizer.cookie()).status());
        assertNotNull(string("SELECT preview FROM contact_import WHERE public_id = ?", id), "kept at completion");

        // The file itself is not read to list: even gone, the list still shows its header and first lines.
        update("UPDATE contact_import SET file_gz = NULL WHERE public_id = ?", id);
        Api.Response listed = api.get("/api/admin/imports", "Cookie", organizer.cookie());
        assertEquals(200, listed.status(), listed.body());
        List<Map<String, Object>> list;
        try {
            list = listed.json().readValue(listed.body(), io.micronaut.core.type.Argument.listOf(
                    io.micronaut.core.type.Argument.mapOf(String.class, Object.class)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Map<String, Object> mine = list.stream().filter(v -> id.equals(v.get("id"))).findFirst().orElseThrow();
        assertEquals(List.of("email", "code postal"), mine.get("header"));
        assertEquals(List.of(List.of("ines@exemple.org", "13001"), List.of("leo@exemple.org", "13002")), mine.get("sample"));
        assertEquals(201, begin(organizer.cookie(), 1_000_000).status());
        assertEquals(201, begin(organizer.cookie(), 1_000_000).status());
        assertEquals(400, begin(organizer.cookie(), 1_000_000).status(), "an uploaded file not yet imported still counts");
    }
}
