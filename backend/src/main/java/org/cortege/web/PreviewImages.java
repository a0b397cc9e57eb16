package org.cortege.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The 1200×630 PNG a link preview shows (Open Graph's recommended size): the movement's name, the
 * page's title in large type, and two lines of facts (date and place of an action, place and
 * members of a group). Drawn on the server with Java2D and the DejaVu fonts shipped in the jar (no
 * system font needed, nothing fetched), kept in memory by content: a preview is drawn once per
 * change, however many platforms fetch it.
 */
@Singleton
class PreviewImages {

    static final int WIDTH = 1200;
    static final int HEIGHT = 630;
    private static final Color PRIMARY = new Color(0xa3112f);
    private static final Color PRIMARY_DARK = new Color(0x7d0d24);
    private static final Color BACKGROUND = new Color(0xf6f4f1);
    private static final Color TEXT = new Color(0x1d1d24);
    private static final Color MUTED = new Color(0x555566);
    private static final int MARGIN = 72;

    /** What one image shows; equal cards give the same bytes from the cache. */
    record Card(String site, String kicker, String title, List<String> facts, boolean struck) {
    }

    private final Font bold;
    private final Font regular;
    /** Kept by size (a card is 30–120 kB of PNG): 32 MB whatever the number of actions and groups. */
    private final Cache<Card, byte[]> cache = Caffeine.newBuilder().maximumWeight(32L * 1024 * 1024)
            .weigher((Card c, byte[] png) -> png.length).expireAfterAccess(Duration.ofHours(6)).build();
    /** Drawing takes a 3 MB canvas and some CPU: two at a time, whatever a crawler or an attacker asks. */
    private final java.util.concurrent.Semaphore drawing = new java.util.concurrent.Semaphore(2);

    PreviewImages() {
        System.setProperty("java.awt.headless", "true");
        this.bold = load("fonts/DejaVuSans-Bold.ttf");
        this.regular = load("fonts/DejaVuSans.ttf");
    }

    private static Font load(String resource) {
        try (InputStream in = PreviewImages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException(resource, e);
        }
    }

    /** The card's PNG, drawn once; null when two others are being drawn for more than 3 s (the caller answers 503). */
    byte[] png(Card card) {
        byte[] cached = cache.getIfPresent(card);
        if (cached != null) {
            return cached;
        }
        try {
            if (!drawing.tryAcquire(3, java.util.concurrent.TimeUnit.SECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            return cache.get(card, this::draw);
        } finally {
            drawing.release();
        }
    }

    private byte[] draw(Card card) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            // the movement's band: its name on the site's colour
            g.setColor(PRIMARY);
            g.fillRect(0, 0, WIDTH, 110);
            g.setColor(PRIMARY_DARK);
            g.fillRect(0, 110, WIDTH, 8);
            g.setColor(Color.WHITE);
            g.setFont(bold.deriveFont(38f));
            g.drawString(fit(g, card.site(), WIDTH - 2 * MARGIN), MARGIN, 70);

            int y = 190;
            if (card.kicker() != null && !card.kicker().isBlank()) {
                g.setColor(PRIMARY);
                g.setFont(bold.deriveFont(32f));
                g.drawString(fit(g, card.kicker().toUpperCase(java.util.Locale.ROOT), WIDTH - 2 * MARGIN), MARGIN, y);
                y += 30;
            }
            // the title: as large as fits in three lines
            float size = 76f;
            List<String> lines;
            FontMetrics m;
            do {
                g.setFont(bold.deriveFont(size));
                m = g.getFontMetrics();
                lines = wrap(g, card.title(), WIDTH - 2 * MARGIN, 3);
                size -= 6f;
            } while (size >= 50f && lines.size() == 3 && m.stringWidth(lines.get(2)) >= WIDTH - 2 * MARGIN - m.stringWidth("…"));
            g.setColor(TEXT);
            for (String line : lines) {
                y += m.getAscent();
                g.drawString(line, MARGIN, y);
                if (card.struck()) {
                    g.fillRect(MARGIN, y - m.getAscent() / 3, m.stringWidth(line), 6);
                }
                y += m.getDescent();
            }
            g.setFont(regular.deriveFont(36f));
            g.setColor(MUTED);
            int factsY = HEIGHT - MARGIN - (card.facts().size() - 1) * 50;
            for (String fact : card.facts()) {
                g.drawString(fit(g, fact, WIDTH - 2 * MARGIN), MARGIN, Math.max(factsY, y + 60));
                factsY += 50;
                y += 50;
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The text cut to the width with "…" when it does not fit. */
    private static String fit(Graphics2D g, String text, int width) {
        FontMetrics m = g.getFontMetrics();
        if (m.stringWidth(text) <= width) {
            return text;
        }
        String t = text;
        while (!t.isEmpty() && m.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t.strip() + "…";
    }

    /** Lines of whole words within the width, at most {@code max}; the last ends with "…" when text is left. */
    private static List<String> wrap(Graphics2D g, String text, int width, int max) {
        FontMetrics m = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        String[] words = text.strip().split("\\s+");
        StringBuilder line = new StringBuilder();
        int i = 0;
        while (i < words.length) {
            String candidate = line.isEmpty() ? words[i] : line + " " + words[i];
            if (m.stringWidth(candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                i++;
                continue;
            }
            if (line.isEmpty()) { // one word wider than the line
                line.append(fit(g, words[i], width));
                i++;
            }
            lines.add(line.toString());
            line.setLength(0);
            if (lines.size() == max) {
                break;
            }
        }
        if (!line.isEmpty() && lines.size() < max) {
            lines.add(line.toString());
        }
        if (i < words.length && !lines.isEmpty()) {
            String last = lines.remove(lines.size() - 1);
            lines.add(fit(g, last + " " + words[i], width)); // wider than the line, so it ends with "…"
        }
        return lines;
    }
}
