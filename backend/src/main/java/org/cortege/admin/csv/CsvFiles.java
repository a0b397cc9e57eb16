package org.cortege.admin.csv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;

/**
 * What a spreadsheet export looks like once read: its text encoding (UTF-8, with or without a
 * byte-order mark, else Windows-1252, which French Excel writes) and its separator (French Excel
 * writes semicolons). Parsing is commons-csv's; this only picks its settings.
 */
final class CsvFiles {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private CsvFiles() {
    }

    /** UTF-8 when the bytes are valid UTF-8 (a BOM or not), else Windows-1252 (a superset of Latin-1 that every byte decodes in). */
    static Charset charsetOf(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return WINDOWS_1252;
        }
    }

    /** The decoded text without a byte-order mark. */
    static String text(byte[] bytes, Charset charset) {
        String s = new String(bytes, charset);
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** The separator the header line uses most among ; , tab and |, outside quotes. */
    static char delimiterOf(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        char best = ',';
        int bestCount = -1;
        for (char c : new char[] {';', ',', '\t', '|'}) {
            int count = 0;
            boolean quoted = false;
            for (int i = 0; i < header.length(); i++) {
                char h = header.charAt(i);
                if (h == '"') {
                    quoted = !quoted;
                } else if (h == c && !quoted) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = c;
                bestCount = count;
            }
        }
        return best;
    }

    static CSVFormat format(char delimiter) {
        return CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).setTrim(true)
                .setIgnoreSurroundingSpaces(true).get();
    }

    static Reader reader(byte[] bytes, Charset charset) {
        return new java.io.StringReader(text(bytes, charset));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, bytes.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
