package org.cortege.admin.campaigns;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
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
import org.cortege.shared.Tokens;

/**
 * Mass mailings as staff write them: drafts written, previewed, tried on oneself, then sent to a
 * segment now or at a set time, or cancelled. {@link CampaignDelivery} does the sending.
 */
@Singleton
public class CampaignService implements org.cortege.admin.SegmentUsers {

    private final CampaignRepository campaigns;
    private final CampaignStore store;
    private final ContactService contacts;
    private final SegmentService segments;
    private final MailService mail;
    private final RichText richText;
    private final UnsubscribeLinks links;
    private final AuditLog audit;

    CampaignService(CampaignRepository campaigns, CampaignStore store, ContactService contacts, SegmentService segments, MailService mail, RichText richText, UnsubscribeLinks links, AuditLog audit) {
        this.campaigns = campaigns;
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
        campaigns.save(Campaign.draft(publicId, c.subject().strip(), c.body(), c.locale(), a.segmentId(), a.rule(), staff.scopeText(),
                staff.person().id(), Instant.now()));
        audit.record(staff.person(), "campaign.create", "campaign", publicId, c.subject().strip());
        return get(staff, publicId);
    }

    /** @throws ApiException 409 once the campaign was sent or scheduled */
    @Transactional
    public CampaignView update(Staff staff, String publicId, CampaignCommand c) {
        Row row = store.lockedRow(staff, publicId); // not after a send that happened meanwhile
        CampaignStore.requireDraft(row);
        Audience a = audience(staff, c);
        campaigns.update(campaigns.findById(row.id()).orElseThrow()
                .rewritten(c.subject().strip(), c.body(), c.locale(), a.segmentId(), a.rule(), Instant.now()));
        return get(staff, publicId);
    }

    @Transactional
    public void delete(Staff staff, String publicId) {
        Row row = store.lockedRow(staff, publicId);
        CampaignStore.requireDraft(row);
        campaigns.deleteById(row.id());
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
        campaigns.update(campaigns.findById(row.id()).orElseThrow().scheduled(at == null ? now : at, frozen, now));
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
        campaigns.update(campaigns.findById(row.id()).orElseThrow().cancelled(Instant.now()));
        audit.record(staff.person(), "campaign.cancel", "campaign", publicId, withdrawn + " mails withdrawn");
        return get(staff, publicId);
    }

    private record Audience(@Nullable Long segmentId, @Nullable String rule) {
    }

    private Audience audience(Staff staff, CampaignCommand c) {
        boolean hasSegment = c.segment() != null && !c.segment().isBlank();
        if (!hasSegment && c.rule() == null) {
            throw ApiException.invalidField("segment", "validation.campaignAudience");
        }
        if (hasSegment) {
            try {
                return new Audience(segments.idOf(c.segment()), null);
            } catch (ApiException e) {
                throw ApiException.invalidField("segment", "validation.campaignSegment");
            }
        }
        contacts.selectSql(staff, c.rule()); // refuses a rule that does not compile
        return new Audience(null, store.write(c.rule()));
    }

    /** Whether a scheduled or running campaign was addressed to this segment. */
    @Override
    public boolean waitingOn(String segmentPublicId) {
        return campaigns.existsBySegmentIdAndStatusIn(segments.idOf(segmentPublicId), List.of(CampaignStatus.SCHEDULED,
                CampaignStatus.SENDING));
    }

}
