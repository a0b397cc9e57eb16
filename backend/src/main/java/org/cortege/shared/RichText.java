package org.cortege.shared;

import jakarta.inject.Singleton;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
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
    private static final TextContentRenderer TEXT = TextContentRenderer.builder().lineBreakRendering(org.commonmark.renderer.text.LineBreakRendering.SEPARATE_BLOCKS).build();
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

    /**
     * Readable plain text for Markdown (a mail's text part, a link preview): no {@code **} or
     * {@code #}, a link as "its text (its address)", paragraphs kept (null or blank gives "").
     */
    public String toPlainText(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        return TEXT.render(PARSER.parse(markdown)).strip();
    }

    /** The first {@code max} characters of the plain text on one line, cut at a word with "…" when longer. */
    public String excerpt(String markdown, int max) {
        String text = toPlainText(markdown).replaceAll("\\s+", " ").strip();
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max - 1);
        return text.substring(0, cut > max / 2 ? cut : max - 1).strip() + "…";
    }
}
