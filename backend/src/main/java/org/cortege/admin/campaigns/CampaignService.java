package org.cortege.admin.campaigns;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cortege.admin.ContactService;
import org.cortege.admin.SegmentService;
import org.cortege.admin.Staff;
import org.cortege.admin.campaigns.CampaignStore.Row;
import org.cortege.mail.MailService;
import org.cortege.mail.MailTemplates;
import org.cortege.moderation.AuditLog;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;
import org.cortege.shared.RichText;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * Mass mailings as staff write them: drafts written, previewed, tried on oneself, then sent to a
 * segment now or at a set time, or cancelled. {@link CampaignDelivery} does the sending.
 */
@Singleton
public class CampaignService implements org.cortege.admin.SegmentUsers {

    private final Sql sql;
    private final CampaignStore store;
    private final ContactService contacts;
    private final SegmentService segments;
    private final MailService mail;
    private final RichText richText;
    private final UnsubscribeLinks links;
    private final AuditLog audit;

    CampaignService(Sql sql, CampaignStore store, ContactService contacts, SegmentService segments, MailService mail, RichText richText, UnsubscribeLinks links, AuditLog audit) {
        this.sql = sql;
        this.store = store;
        this.contacts = contacts;
        this.segments = segments;
        this.mail = mail;
        this.richText = richText;
        this.links = links;
        this.audit = audit;
    }

    /** Campaigns newest first: all of them for an admin, their own for an organizer. */
    @Transactional(readOnly = true)
    public List<CampaignView> list(Staff staff) {
        List<Row> rows = staff.admin() ? store.rows("ORDER BY c.id DESC LIMIT 200", List.of())
                : store.rows("WHERE c.created_by = ? ORDER BY c.id DESC LIMIT 200", List.of(staff.person().id()));
        return rows.stream().map(store::view).toList();
    }

    /** @throws ApiException 404 (also for an organizer's look at someone else's campaign) */
    @Transactional(readOnly = true)
    public CampaignView get(Staff staff, String publicId) {
        return store.view(store.find(staff, publicId));
    }

    /**
     * A draft.
     *
     * @throws ApiException 400 when the audience is missing or its rule does not compile
     */
    @Transactional
    public CampaignView create(Staff staff, CampaignCommand c) {
        Audience a = audience(staff, c);
        String publicId = Tokens.newPublicId();
        Instant now = Instant.now();
        sql.update("INSERT INTO campaign (public_id, subject, body_md, locale, segment_id, rule, scope, status, created_by, created_at, "
                        + "updated_at) VALUES (?, ?, ?, ?, (SELECT id FROM segment WHERE public_id = ?), ?, ?, 'DRAFT', ?, ?, ?)",
                Arrays.asList(publicId, c.subject().strip(), c.body(), c.locale(), a.segment(), a.rule(), staff.scopeText(),
                        staff.person().id(), now, now));
        audit.record(staff.person(), "campaign.create", "campaign", publicId, c.subject().strip());
        return get(staff, publicId);
    }

    /** @throws ApiException 409 once the campaign was sent or scheduled */
    @Transactional
    public CampaignView update(Staff staff, String publicId, CampaignCommand c) {
        Row row = store.find(staff, publicId);
        CampaignStore.requireDraft(row);
        Audience a = audience(staff, c);
        sql.update("UPDATE campaign SET subject = ?, body_md = ?, locale = ?, segment_id = (SELECT id FROM segment WHERE public_id = ?), "
                        + "rule = ?, updated_at = ? WHERE id = ?",
                Arrays.asList(c.subject().strip(), c.body(), c.locale(), a.segment(), a.rule(), Instant.now(), row.id()));
        return get(staff, publicId);
    }

    @Transactional
    public void delete(Staff staff, String publicId) {
        Row row = store.find(staff, publicId);
        CampaignStore.requireDraft(row);
        sql.update("DELETE FROM campaign WHERE id = ?", List.of(row.id()));
        audit.record(staff.person(), "campaign.delete", "campaign", publicId, row.subject());
    }

    /** What a recipient will read (rendered for the staff member) and how many would receive it now. */
    @Serdeable
    public record Preview(String subject, String html, String text, String bodyHtml, long recipients) {
    }

    @Transactional(readOnly = true)
    public Preview preview(Staff staff, String publicId) {
        Row row = store.find(staff, publicId);
        String bodyHtml = richText.toHtml(row.bodyMd());
        MailTemplates.Rendered r = store.render(row, staff.person(), bodyHtml);
        return new Preview(r.subject(), r.html(), r.text(), bodyHtml, store.recipientCount(row));
    }

    /** Sends the campaign to the staff member's own address only (not counted in the campaign). */
    @Transactional
    public void sendTest(Staff staff, String publicId) {
        Row row = store.find(staff, publicId);
        Person me = staff.person();
        mail.enqueueCampaign(me.email(), me.id(), Locale.forLanguageTag(row.locale()), store.render(row, me, richText.toHtml(row.bodyMd())),
                links.unsubscribeUrl(me.publicId()), null);
    }

    /**
     * Sends now (the runner starts within seconds) or at {@code at}. A second call — a double
     * click — finds it no longer a draft and is refused; nothing is sent twice.
     *
     * @throws ApiException 409 when not a draft, 400 when nobody would receive it or the time is past or over a year away
     */
    @Transactional
    public CampaignView send(Staff staff, String publicId, @Nullable Instant at) {
        Row row = store.lockedRow(staff, publicId);
        CampaignStore.requireDraft(row);
        Instant now = Instant.now();
        if (at != null && (at.isBefore(now.minus(Duration.ofMinutes(1))) || at.isAfter(now.plus(Duration.ofDays(366))))) {
            throw ApiException.invalidField("at", "validation.campaignTime");
        }
        if (store.recipientCount(row) == 0) {
            throw ApiException.invalidField("segment", "validation.campaignNobody");
        }
        // The audience is frozen now: the segment's rule is copied, so editing or deleting the
        // segment later changes nothing for this campaign (and nothing can widen it).
        String frozen = store.write(store.ruleOf(row));
        sql.update("UPDATE campaign SET status = 'SCHEDULED', scheduled_at = ?, rule = ?, updated_at = ? WHERE id = ?",
                Arrays.asList(at == null ? now : at, frozen, now, row.id()));
        audit.record(staff.person(), "campaign.send", "campaign", publicId, at == null ? "now" : at.toString());
        return get(staff, publicId);
    }

    /**
     * Stops a scheduled or running campaign: nobody more receives it (mails already handed to the
     * outbox but not yet sent are withdrawn too).
     *
     * @throws ApiException 409 when it is a draft or finished
     */
    @Transactional
    public CampaignView cancel(Staff staff, String publicId) {
        Row row = store.lockedRow(staff, publicId);
        if (!row.status().running()) {
            throw ApiException.of(HttpStatus.CONFLICT, "campaign-not-running", "problem.campaignNotRunning");
        }
        int withdrawn = mail.cancelCampaign(row.id());
        sql.update("UPDATE campaign SET status = 'CANCELLED', finished_at = ?, updated_at = ? WHERE id = ?",
                List.of(Instant.now(), Instant.now(), row.id()));
        audit.record(staff.person(), "campaign.cancel", "campaign", publicId, withdrawn + " mails withdrawn");
        return get(staff, publicId);
    }

    private record Audience(@Nullable String segment, @Nullable String rule) {
    }

    private Audience audience(Staff staff, CampaignCommand c) {
        boolean hasSegment = c.segment() != null && !c.segment().isBlank();
        if (!hasSegment && c.rule() == null) {
            throw ApiException.invalidField("segment", "validation.campaignAudience");
        }
        if (hasSegment) {
            try {
                segments.get(c.segment());
            } catch (ApiException e) {
                throw ApiException.invalidField("segment", "validation.campaignSegment");
            }
            return new Audience(c.segment(), null);
        }
        contacts.selectSql(staff, c.rule()); // refuses a rule that does not compile
        return new Audience(null, store.write(c.rule()));
    }

    /** Whether a scheduled or running campaign was addressed to this segment. */
    @Override
    public boolean waitingOn(String segmentPublicId) {
        return sql.number("SELECT COUNT(*) FROM campaign c WHERE c.segment_id = (SELECT id FROM segment WHERE public_id = ?) "
                + "AND c.status IN ('SCHEDULED', 'SENDING')", List.of(segmentPublicId)) > 0;
    }

}
