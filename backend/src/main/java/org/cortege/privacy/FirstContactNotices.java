package org.cortege.privacy;

import io.micronaut.context.annotation.Property;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.cortege.admin.csv.ImportService;
import org.cortege.mail.MailMessage;
import org.cortege.mail.MailService;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.people.PersonStatus;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People added by an import did not give their details through the site: each is told once, by
 * mail, who holds them, where they came from (the import's declared origin), what for, for how
 * long, their rights, with a link to object (CNIL, political communication files). The notice is
 * taken by one node through its row ({@code import_notice}, written in the same transaction as the
 * mail), so it goes out once whatever the number of nodes; it goes through the outbox at the
 * movement's rate. Runs when an import ends, and every minute for what a stopped node left
 * ({@code cortege.imports.first-contact-poll-interval}); off
 * with {@code cortege.imports.first-contact-notice: false} for a movement that told its people
 * otherwise (on paper, say).
 */
@Singleton
public class FirstContactNotices {

    private static final Logger LOG = LoggerFactory.getLogger(FirstContactNotices.class);
    private static final List<String> ORIGINS = List.of("petition", "sign-in-sheet", "former-tool");
    private static final java.util.regex.Pattern GREETABLE = java.util.regex.Pattern.compile("[\\p{L}][\\p{L}’' -]{0,39}");
    /** People told per pass and node: the minute's passes spread a large file over time (the outbox sends them after urgent mail). */
    private static final int PER_PASS = 2000;

    private final ImportService imports;
    private final PersonService people;
    private final MailService mail;
    private final Messages messages;
    private final InstanceSettings settings;
    private final ObjectionLinks links;
    private final boolean enabled;
    private final Duration retention;
    private final Duration prospects;

    FirstContactNotices(ImportService imports, PersonService people, MailService mail, Messages messages, InstanceSettings settings,
                        ObjectionLinks links, @Property(name = "cortege.imports.first-contact-notice") boolean enabled,
                        @Property(name = "cortege.retention.inactive-contacts") Duration retention,
                        @Property(name = "cortege.retention.imported-prospects") Duration prospects) {
        this.prospects = prospects;
        this.imports = imports;
        this.people = people;
        this.mail = mail;
        this.messages = messages;
        this.settings = settings;
        this.links = links;
        this.enabled = enabled;
        this.retention = retention;
    }

    @Scheduled(fixedDelay = "${cortege.imports.first-contact-poll-interval:1m}", initialDelay = "30s")
    void scheduled() {
        if (!enabled) {
            return;
        }
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("First-contact notices: this pass stopped ({}); the next one goes on", e.getClass().getSimpleName());
        }
    }

    /**
     * An import just ended on this node: its people are told now, before any mailing (which freezes
     * its audience later) can reach them; the minute's pass catches whatever this one misses.
     */
    @io.micronaut.runtime.event.annotation.EventListener
    void onImportFinished(org.cortege.admin.csv.ImportFinished event) {
        scheduled();
    }

    /** Tells every imported person not told yet, 500 at a time; returns how many were told by this node. */
    public int run() {
        int told = 0;
        List<ImportService.Untold> untold;
        do {
            untold = imports.untold(500);
            for (ImportService.Untold u : untold) {
                if (tell(u)) {
                    told++;
                }
            }
        } while (untold.size() == 500 && told < PER_PASS);
        if (told > 0) {
            LOG.info("First-contact notices: {} imported people told", told);
        }
        return told;
    }

    @Transactional
    boolean tell(ImportService.Untold u) {
        if (!imports.claimNotice(u.personId(), u.importId(), Instant.now())) {
            return false;
        }
        Person p = people.findAny(u.personId()).orElse(null);
        if (p == null || p.status() != PersonStatus.CONTACT) {
            return false;
        }
        Locale locale = Locale.forLanguageTag(p.locale() == null ? "fr" : p.locale());
        ImportService.Declared declared = imports.declaredOrigin(u.importId());
        // Only a plain first name greets (a file's "name" must not carry a sentence or an address into the mail).
        String name = p.firstName() != null && GREETABLE.matcher(p.firstName()).matches() ? " " + p.firstName() : "";
        mail.enqueueBulk(new MailMessage(p.email(), p.id(), "import-notice", locale, new Object[] {name, settings.organizationName(),
                origin(declared, locale), retention(declared, locale), settings.privacyContact(),
                settings.publicUrl() + "/confidentialite"}, links.pageUrl(p.publicId(), p.email()), null, true));
        return true;
    }

    private String origin(ImportService.Declared declared, Locale locale) {
        if (declared.origin() != null && ORIGINS.contains(declared.origin())) {
            return messages.get(locale, "importNotice.origin." + declared.origin());
        }
        if ("other".equals(declared.origin()) && declared.originDetail() != null && !declared.originDetail().isBlank()) {
            return messages.get(locale, "importNotice.origin.other", declared.originDetail().strip());
        }
        return messages.get(locale, "importNotice.origin.unknown");
    }

    /** How long they are kept: as a prospect (six months after this mail without a word from them), or as a regular contact. */
    private String retention(ImportService.Declared declared, Locale locale) {
        if ("consent".equals(declared.legalBasis()) && !prospects.isZero()) {
            return messages.get(locale, "importNotice.retentionProspect", NoticeWords.humane(prospects, locale));
        }
        if (retention.isZero()) {
            return messages.get(locale, "importNotice.retentionNone");
        }
        return messages.get(locale, "importNotice.retention", NoticeWords.humane(retention, locale));
    }
}
