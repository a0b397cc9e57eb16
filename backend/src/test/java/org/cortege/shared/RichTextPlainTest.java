package org.cortege.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RichTextPlainTest {

    private final RichText richText = new RichText();

    @Test
    void markdownReadsAsTextInAMailOrAPreview() {
        assertEquals("Rendez-vous samedi au marché.\n\n\"Le programme\" (https://example.org/p)\n\nÀ bientôt",
                richText.toPlainText("# Rendez-vous **samedi** au marché.\n\n[Le programme](https://example.org/p)\n\n*À bientôt*"));
        assertEquals("", richText.toPlainText("  "));
    }

    @Test
    void anExcerptIsOneLineCutAtAWord() {
        assertEquals("Un deux trois…", richText.excerpt("Un **deux**\n\ntrois quatre cinq", 16));
        assertEquals("Court", richText.excerpt("Court", 16));
    }
}
