package org.cortege.shared;

import jakarta.inject.Singleton;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Descriptions written by anyone, published without prior moderation: Markdown (CommonMark) to
 * HTML with raw HTML escaped, then through an allow-list sanitizer (OWASP). What survives:
 * paragraphs, emphasis, lists, quotes, headings, code, line breaks and http(s)/mailto links, which
 * get {@code rel="nofollow ugc noopener"}. No scripts, styles, images, iframes or event handlers.
 */
@Singleton
public class RichText {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).softbreak("<br>").build();
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "hr", "a")
            .allowElements((name, attributes) -> "h3", "h1", "h2")
            .allowAttributes("href").onElements("a")
            .allowUrlProtocols("https", "http", "mailto")
            .requireRelsOnLinks("nofollow", "ugc", "noopener")
            .toFactory();

    /** For documents the operator writes (the privacy notice): the same, with its sections kept as h2 and h3. */
    private static final PolicyFactory DOCUMENT = new HtmlPolicyBuilder()
            .allowElements("p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "hr", "a")
            .allowElements((name, attributes) -> "h2", "h1")
            .allowAttributes("href").onElements("a")
            .allowUrlProtocols("https", "http", "mailto")
            .requireRelsOnLinks("noopener")
            .toFactory();

    /** Sanitized HTML for a document written by the operator, sections as h2 (null or blank gives ""). */
    public String documentToHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        return DOCUMENT.sanitize(RENDERER.render(PARSER.parse(markdown)));
    }

    /** Sanitized HTML for Markdown text (null or blank gives ""). */
    public String toHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        return POLICY.sanitize(RENDERER.render(PARSER.parse(markdown)));
    }
}
