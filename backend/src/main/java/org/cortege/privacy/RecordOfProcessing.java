package org.cortege.privacy;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.cortege.shared.Access;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.NoStore;
import org.cortege.shared.RichText;

/**
 * {@code GET /api/admin/record-of-processing}: the record of processing activities a controller
 * keeps (GDPR article 30), pre-filled from this instance (who, what for, on what basis, which
 * data, who receives it, the retention periods as set, the processors configured, the security
 * measures), in the reader's language, as Markdown to download and complete and as sanitized HTML
 * to read. Admins only; the template is {@code compliance/record-of-processing.*.md}, explained in
 * {@code docs/compliance/}.
 */
@Access(Access.Level.ADMIN)
@Tag(name = "privacy")
@Controller("/api/admin/record-of-processing")
@ExecuteOn(TaskExecutors.BLOCKING)
class RecordOfProcessing {

    @Serdeable
    record RecordView(String markdown, String html, String fileName) {
    }

    private final NoticeWords words;
    private final RichText richText;
    private final InstanceSettings settings;

    RecordOfProcessing(NoticeWords words, RichText richText, InstanceSettings settings) {
        this.words = words;
        this.richText = richText;
        this.settings = settings;
    }

    @Get
    HttpResponse<RecordView> record(HttpRequest<?> request) {
        Locale locale = Messages.localeOf(request);
        String template = "compliance/record-of-processing." + (Messages.ENGLISH.equals(locale) ? "en" : "fr") + ".md";
        String markdown;
        try (InputStream in = RecordOfProcessing.class.getClassLoader().getResourceAsStream(template)) {
            markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalDate today = LocalDate.now(settings.timeZone());
        markdown = words.fill(markdown, locale, true)
                .replace("{{date}}", DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(today));
        String fileName = (Messages.ENGLISH.equals(locale) ? "record-of-processing-" : "registre-des-traitements-") + today + ".md";
        return NoStore.ok(new RecordView(markdown, richText.documentToHtml(markdown), fileName));
    }
}
