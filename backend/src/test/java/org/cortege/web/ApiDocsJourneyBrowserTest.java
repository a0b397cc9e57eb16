package org.cortege.web;

import java.util.List;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.junit.jupiter.api.Test;

/** The API reference page in Debian's Chromium: e2e/api-docs-journey.mjs. */
@AppTest
class ApiDocsJourneyBrowserTest extends ApiTest {

    @Test
    void theReferenceShowsTheDocumentUnderTheSitePolicy() throws Exception {
        // the journey fails on a console error (a CSP violation) or a request to another site
        BrowserJourney.run("api-docs-journey.mjs", List.of("http://localhost:" + embeddedServer.getPort()), question -> {
            throw new AssertionError("unexpected question " + question);
        });
    }
}
