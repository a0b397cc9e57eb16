package org.cortege.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RichTextTest {

    private final RichText richText = new RichText();

    /** Known stored-XSS payloads (OWASP XSS filter evasion cheat sheet and classics), raw and inside Markdown. */
    @ParameterizedTest
    @ValueSource(strings = {
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        "[clic](&#106;avascript:alert(1))",
        "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](https://evil.example/track.png)",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<body onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
        "<<script>script>alert(1)<</script>/script>",
        "<object data=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "`<script>alert(1)</script>`",
        "<details open ontoggle=alert(1)>",
        "[a](vbscript:msgbox(1))",
    })
    void noPayloadSurvives(String payload) {
        String html = richText.toHtml("Texte\n\n" + payload + "\n\nfin").toLowerCase(Locale.ROOT).replace("\n", "");
        // Escaped text may still read "javascript:"; what must never appear is markup that runs it.
        for (String tag : new String[] {"script", "iframe", "img", "svg", "object", "form", "style", "math", "body", "details", "button"}) {
            assertFalse(html.contains("<" + tag), tag + " in " + html);
        }
        assertFalse(html.matches("(?s).*<[^>]*\\son[a-z]+\\s*=.*"), "event handler in " + html);
        assertFalse(html.matches("(?s).*<[^>]*style\\s*=.*"), "style attribute in " + html);
        assertFalse(html.matches("(?s).*(href|src)\\s*=\\s*\"(?!https?:|mailto:|\")[^\"]*\".*"), "unsafe URL in " + html);
        assertTrue(html.startsWith("<p>texte</p>") && html.endsWith("<p>fin</p>"), "the surrounding text stays: " + html);
    }

    @Test
    void markdownFormattingAndSafeLinksStay() {
        String html = richText.toHtml("# Titre\n\n**Rendez-vous** samedi, *10 h*.\n\n- tracts\n- café\n\n[Notre site](https://exemple.org/a?b=1)");
        assertTrue(html.contains("<h3>Titre</h3>"), html);
        assertTrue(html.contains("<strong>Rendez-vous</strong>"), html);
        assertTrue(html.contains("<li>tracts</li>"), html);
        assertTrue(html.contains("href=\"https://exemple.org/a?b&#61;1\"") || html.contains("href=\"https://exemple.org/a?b=1\""), html);
        assertTrue(html.contains("rel=\"nofollow ugc noopener\""), html);
    }

    @Test
    void emptyIsEmpty() {
        assertEquals("", richText.toHtml(null));
        assertEquals("", richText.toHtml("   "));
    }
}
