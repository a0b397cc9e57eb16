package org.cortege.admin.campaigns;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cortege.admin.ContactService;
import org.cortege.admin.Staff;
import org.cortege.admin.campaigns.CampaignStore.Row;
import org.cortege.mail.MailService;
import org.cortege.mail.MailStatus;
import org.cortege.moderation.AuditLog;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.RichText;
import org.cortege.shared.Sql;

/**
 * Sending the mailings, in steps the runner repeats: start a due campaign (its recipients fixed in
 * one statement), hand waiting recipients to the outbox (each with its recipient row's change, the
 * author's rights read again for every batch), and mark finished those with nothing left. Each step
 * is one transaction taking rows with SKIP LOCKED, so any number of nodes share the work and a
 * restart resumes it.
 */
@Singleton
public class CampaignDelivery {

    private final Sql sql;
    private final CampaignRepository campaigns;
    private final CampaignStore store;
    private final ContactService contacts;
    private final MailService mail;
    private final RichText richText;
    private final UnsubscribeLinks links;
    private final AuditLog audit;
    private final PersonService people;

    CampaignDelivery(Sql sql, CampaignRepository campaigns, CampaignStore store, ContactService contacts, MailService mail, RichText richText, UnsubscribeLinks links, AuditLog audit, PersonService people) {
        this.sql = sql;
        this.campaigns = campaigns;
        this.store = store;
        this.contacts = contacts;
        this.mail = mail;
        this.richText = richText;
        this.links = links;
        this.audit = audit;
        this.people = people;
    }

    /** Starts one due campaign: fixes its recipients (one statement) and marks it sending; returns how many. */
    @Transactional
    public int startDue() {
        List<Long> due = sql.list("SELECT id FROM campaign WHERE status = 'SCHEDULED' AND scheduled_at <= ? ORDER BY scheduled_at "
                + "LIMIT 1 FOR UPDATE SKIP LOCKED", List.of(Instant.now()), rs -> rs.getLong(1));
        if (due.isEmpty()) {
            return 0;
        }
        Row row = store.rows("WHERE c.id = ?", List.of(due.get(0))).get(0);
        Optional<Staff> author = store.staffOf(row);
        if (author.isEmpty()) {
            stopForLostRights(row);
            return 0;
        }
        ContactService.Selected selected = contacts.selectSql(author.get(), store.ruleOf(row));
        List<Object> params = new ArrayList<>();
        params.add(row.id());
        params.addAll(selected.params());
        int n = sql.update("INSERT IGNORE INTO campaign_recipient (campaign_id, person_id, status) SELECT ?, p.id, 'PENDING'"
                + selected.from() + CampaignStore.RECIPIENT_CONDITION, params);
        int recipients = (int) sql.number("SELECT COUNT(*) FROM campaign_recipient WHERE campaign_id = ?", List.of(row.id()));
        campaigns.update(campaigns.findById(row.id()).orElseThrow().started(recipients, Instant.now()));
        return n;
    }

    /**
     * Hands up to {@code max} waiting recipients of running campaigns to the outbox, each in the
     * same transaction as its recipient row's change; returns how many were handled.
     */
    @Transactional
    public int queueBatch(int max) {
        List<Long> running = sql.list("SELECT id FROM campaign WHERE status = 'SENDING' ORDER BY id", List.of(), rs -> rs.getLong(1));
        int handled = 0;
        for (Long campaignId : running) {
            if (handled >= max) {
                break;
            }
            List<Long> persons = sql.list("SELECT person_id FROM campaign_recipient WHERE campaign_id = ? AND status = 'PENDING' "
                    + "ORDER BY person_id LIMIT ? FOR UPDATE SKIP LOCKED", List.of(campaignId, max - handled), rs -> rs.getLong(1));
            if (persons.isEmpty()) {
                continue;
            }
            Row row = store.rows("WHERE c.id = ?", List.of(campaignId)).get(0);
            // The author's rights are read again for every batch: a revoked admin or a narrowed
            // territory stops the mails at once, not at the end of the campaign.
            Optional<Staff> author = store.staffOf(row);
            if (author.isEmpty()) {
                stopForLostRights(row);
                continue;
            }
            String bodyHtml = richText.toHtml(row.bodyMd());
            Locale locale = Locale.forLanguageTag(row.locale());
            Instant now = Instant.now();
            for (Long personId : persons) {
                Person p = people.findAny(personId).orElse(null);
                boolean deliverable = p != null && p.emailConsent()
                        && (Person.CONFIRMED.equals(p.status()) || Person.CONTACT.equals(p.status()))
                        && author.get().reaches(p.departement());
                if (deliverable) {
                    mail.enqueueCampaign(p.email(), p.id(), locale, store.render(row, p, bodyHtml), links.unsubscribeUrl(p.publicId()), campaignId);
                }
                sql.update("UPDATE campaign_recipient SET status = ?, queued_at = ? WHERE campaign_id = ? AND person_id = ?",
                        List.of(deliverable ? "QUEUED" : "SKIPPED", now, campaignId, personId));
                handled++;
            }
        }
        return handled;
    }

    /** Marks as sent the running campaigns with nobody waiting and nothing left in the outbox, keeping their figures. */
    @Transactional
    public int finishDone() {
        List<Long> candidates = sql.list("SELECT c.id FROM campaign c WHERE c.status = 'SENDING' AND NOT EXISTS "
                + "(SELECT 1 FROM campaign_recipient r WHERE r.campaign_id = c.id AND r.status = 'PENDING') FOR UPDATE SKIP LOCKED",
                List.of(), rs -> rs.getLong(1));
        int finished = 0;
        for (Long id : candidates) {
            Map<MailStatus, Long> counts = mail.campaignCounts(id);
            if (counts.getOrDefault(MailStatus.PENDING, 0L) > 0) {
                continue;
            }
            campaigns.update(campaigns.findById(id).orElseThrow().sent(counts.getOrDefault(MailStatus.SENT, 0L).intValue(),
                    counts.getOrDefault(MailStatus.FAILED, 0L).intValue(), Instant.now()));
            finished++;
        }
        return finished;
    }

    /** Stops a campaign whose author is no longer allowed to send it (rights revoked, territory gone). */
    private void stopForLostRights(Row row) {
        int withdrawn = mail.cancelCampaign(row.id());
        sql.update("UPDATE campaign_recipient SET status = 'SKIPPED' WHERE campaign_id = ? AND status = 'PENDING'", List.of(row.id()));
        campaigns.update(campaigns.findById(row.id()).orElseThrow().cancelled(Instant.now()));
        audit.record(null, "campaign.cancel", "campaign", row.publicId(),
                "the author no longer holds the rights it was written with; " + withdrawn + " mails withdrawn");
    }

}
