package org.cortege.admin.campaigns;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cortege.admin.ContactService;
import org.cortege.admin.SegmentRule;
import org.cortege.admin.SegmentService;
import org.cortege.admin.Staff;
import org.cortege.mail.MailService;
import org.cortege.mail.MailTemplates;
import org.cortege.moderation.AuditLog;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSecret;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.RichText;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * Mass mailings: written as drafts, previewed, tried on oneself, then sent to a segment now or at
 * a set time. Only people who agreed to mailings (and are neither banned nor unconfirmed sign-ups)
 * receive them, each mail with a one-click unsubscribe link. The runner steps ({@link #startDue},
 * {@link #queueBatch}, {@link #finishDone}) take rows with SKIP LOCKED, so any number of nodes
 * share the work and a restart resumes it.
 * Why it is long: drafts (writing, preview, trying, scheduling) and delivery (the runner's steps)
 * still live together; they are the seam along which it splits next.
 */
@Singleton
public class CampaignService implements org.cortege.admin.SegmentUsers {

    static final String DRAFT = "DRAFT";
    static final String SCHEDULED = "SCHEDULED";
    static final String SENDING = "SENDING";
    static final String SENT = "SENT";
    static final String CANCELLED = "CANCELLED";

    /** Who may receive a mailing, whatever the segment says. */
    static final String RECIPIENT_CONDITION = " AND p.email_consent AND p.status IN ('CONFIRMED', 'CONTACT')";

    private final Sql sql;
    private final JsonMapper json;
    private final ContactService contacts;
    private final SegmentService segments;
    private final MailService mail;
    private final MailTemplates templates;
    private final RichText richText;
    private final InstanceSettings settings;
    private final InstanceSecret secret;
    private final AuditLog audit;
    private final PersonService people;
    private final org.cortege.admin.StaffService staffService;

    CampaignService(Sql sql, JsonMapper json, ContactService contacts, SegmentService segments, MailService mail,
                    MailTemplates templates, RichText richText, InstanceSettings settings, InstanceSecret secret, AuditLog audit,
                    PersonService people, org.cortege.admin.StaffService staffService) {
        this.staffService = staffService;
        this.sql = sql;
        this.json = json;
        this.contacts = contacts;
        this.segments = segments;
        this.mail = mail;
        this.templates = templates;
        this.richText = richText;
        this.settings = settings;
        this.secret = secret;
        this.audit = audit;
        this.people = people;
    }

    record Row(long id, String publicId, String subject, String bodyMd, String locale, @Nullable String segmentPublicId,
               @Nullable String segmentName, @Nullable String rule, @Nullable String scope, String status,
               @Nullable Instant scheduledAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, int recipientCount,
               int sentCount, int failedCount, @Nullable Long createdBy, @Nullable String author, Instant createdAt,
               Instant updatedAt) {
    }

    /** Campaigns newest first: all of them for an admin, their own for an organizer. */
    @Transactional(readOnly = true)
    public List<CampaignView> list(Staff staff) {
        List<Row> rows = staff.admin() ? rows("ORDER BY c.id DESC LIMIT 200", List.of())
                : rows("WHERE c.created_by = ? ORDER BY c.id DESC LIMIT 200", List.of(staff.person().id()));
        return rows.stream().map(this::view).toList();
    }

    /** @throws ApiException 404 (also for an organizer's look at someone else's campaign) */
    @Transactional(readOnly = true)
    public CampaignView get(Staff staff, String publicId) {
        return view(find(staff, publicId));
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
        Row row = find(staff, publicId);
        requireDraft(row);
        Audience a = audience(staff, c);
        sql.update("UPDATE campaign SET subject = ?, body_md = ?, locale = ?, segment_id = (SELECT id FROM segment WHERE public_id = ?), "
                        + "rule = ?, updated_at = ? WHERE id = ?",
                Arrays.asList(c.subject().strip(), c.body(), c.locale(), a.segment(), a.rule(), Instant.now(), row.id()));
        return get(staff, publicId);
    }

    @Transactional
    public void delete(Staff staff, String publicId) {
        Row row = find(staff, publicId);
        requireDraft(row);
        sql.update("DELETE FROM campaign WHERE id = ?", List.of(row.id()));
        audit.record(staff.person(), "campaign.delete", "campaign", publicId, row.subject());
    }

    /** What a recipient will read (rendered for the staff member) and how many would receive it now. */
    @Serdeable
    public record Preview(String subject, String html, String text, String bodyHtml, long recipients) {
    }

    @Transactional(readOnly = true)
    public Preview preview(Staff staff, String publicId) {
        Row row = find(staff, publicId);
        String bodyHtml = richText.toHtml(row.bodyMd());
        MailTemplates.Rendered r = render(row, staff.person(), bodyHtml);
        return new Preview(r.subject(), r.html(), r.text(), bodyHtml, recipientCount(row));
    }

    /** Sends the campaign to the staff member's own address only (not counted in the campaign). */
    @Transactional
    public void sendTest(Staff staff, String publicId) {
        Row row = find(staff, publicId);
        Person me = staff.person();
        mail.enqueueCampaign(me.email(), me.id(), Locale.forLanguageTag(row.locale()), render(row, me, richText.toHtml(row.bodyMd())),
                unsubscribeUrl(me.publicId()), null);
    }

    /**
     * Sends now (the runner starts within seconds) or at {@code at}. A second call — a double
     * click — finds it no longer a draft and is refused; nothing is sent twice.
     *
     * @throws ApiException 409 when not a draft, 400 when nobody would receive it or the time is past or over a year away
     */
    @Transactional
    public CampaignView send(Staff staff, String publicId, @Nullable Instant at) {
        Row row = lockedRow(staff, publicId);
        requireDraft(row);
        Instant now = Instant.now();
        if (at != null && (at.isBefore(now.minus(Duration.ofMinutes(1))) || at.isAfter(now.plus(Duration.ofDays(366))))) {
            throw ApiException.invalidField("at", "validation.campaignTime");
        }
        if (recipientCount(row) == 0) {
            throw ApiException.invalidField("segment", "validation.campaignNobody");
        }
        // The audience is frozen now: the segment's rule is copied, so editing or deleting the
        // segment later changes nothing for this campaign (and nothing can widen it).
        String frozen = write(ruleOf(row));
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
        Row row = lockedRow(staff, publicId);
        if (!row.status().equals(SCHEDULED) && !row.status().equals(SENDING)) {
            throw ApiException.of(HttpStatus.CONFLICT, "campaign-not-running", "problem.campaignNotRunning");
        }
        int withdrawn = mail.cancelCampaign(row.id());
        sql.update("UPDATE campaign SET status = 'CANCELLED', finished_at = ?, updated_at = ? WHERE id = ?",
                List.of(Instant.now(), Instant.now(), row.id()));
        audit.record(staff.person(), "campaign.cancel", "campaign", publicId, withdrawn + " mails withdrawn");
        return get(staff, publicId);
    }

    // --- The runner's steps: each one transaction, rows taken with SKIP LOCKED. ---

    /** Starts one due campaign: fixes its recipients (one statement) and marks it sending; returns how many. */
    @Transactional
    public int startDue() {
        List<Long> due = sql.list("SELECT id FROM campaign WHERE status = 'SCHEDULED' AND scheduled_at <= ? ORDER BY scheduled_at "
                + "LIMIT 1 FOR UPDATE SKIP LOCKED", List.of(Instant.now()), rs -> rs.getLong(1));
        if (due.isEmpty()) {
            return 0;
        }
        Row row = rows("WHERE c.id = ?", List.of(due.get(0))).get(0);
        Optional<Staff> author = staffOf(row);
        if (author.isEmpty()) {
            stopForLostRights(row);
            return 0;
        }
        ContactService.Selected selected = contacts.selectSql(author.get(), ruleOf(row));
        List<Object> params = new ArrayList<>();
        params.add(row.id());
        params.addAll(selected.params());
        int n = sql.update("INSERT IGNORE INTO campaign_recipient (campaign_id, person_id, status) SELECT ?, p.id, 'PENDING'"
                + selected.from() + RECIPIENT_CONDITION, params);
        sql.update("UPDATE campaign SET status = 'SENDING', started_at = ?, recipient_count = "
                        + "(SELECT COUNT(*) FROM campaign_recipient WHERE campaign_id = ?) WHERE id = ?",
                List.of(Instant.now(), row.id(), row.id()));
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
            Row row = rows("WHERE c.id = ?", List.of(campaignId)).get(0);
            // The author's rights are read again for every batch: a revoked admin or a narrowed
            // territory stops the mails at once, not at the end of the campaign.
            Optional<Staff> author = staffOf(row);
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
                    mail.enqueueCampaign(p.email(), p.id(), locale, render(row, p, bodyHtml), unsubscribeUrl(p.publicId()), campaignId);
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
            Map<String, Long> counts = mail.campaignCounts(id);
            if (counts.getOrDefault("PENDING", 0L) > 0) {
                continue;
            }
            sql.update("UPDATE campaign SET status = 'SENT', finished_at = ?, sent_count = ?, failed_count = ? WHERE id = ?",
                    List.of(Instant.now(), counts.getOrDefault("SENT", 0L), counts.getOrDefault("FAILED", 0L), id));
            finished++;
        }
        return finished;
    }

    // --- helpers ---

    /** The one-click unsubscribe URL of a person (RFC 8058 POST target; the mail's link opens a page that posts to it). */
    String unsubscribeUrl(String personPublicId) {
        return settings.publicUrl() + "/api/unsubscribe?m=" + personPublicId + "&t=" + signature(personPublicId);
    }

    String signature(String personPublicId) {
        return secret.sign("unsubscribe|" + personPublicId);
    }

    boolean verify(String personPublicId, String signature) {
        return personPublicId != null && secret.verify("unsubscribe|" + personPublicId, signature);
    }

    private MailTemplates.Rendered render(Row row, Person to, String bodyHtml) {
        String unsubscribePage = settings.publicUrl() + "/desabonnement#m=" + to.publicId() + "&t=" + signature(to.publicId());
        // the text part is the Markdown read as text ("**" and "#" gone, links as "text (address)")
        return templates.renderCampaign(Locale.forLanguageTag(row.locale()), settings.organizationName(), row.subject(), to.firstName(),
                richText.toPlainText(row.bodyMd()), bodyHtml, unsubscribePage);
    }

    /** Stops a campaign whose author is no longer allowed to send it (rights revoked, territory gone). */
    private void stopForLostRights(Row row) {
        int withdrawn = mail.cancelCampaign(row.id());
        sql.update("UPDATE campaign_recipient SET status = 'SKIPPED' WHERE campaign_id = ? AND status = 'PENDING'", List.of(row.id()));
        sql.update("UPDATE campaign SET status = 'CANCELLED', finished_at = ?, updated_at = ? WHERE id = ?",
                List.of(Instant.now(), Instant.now(), row.id()));
        audit.record(null, "campaign.cancel", "campaign", row.publicId(),
                "the author no longer holds the rights it was written with; " + withdrawn + " mails withdrawn");
    }

    private long recipientCount(Row row) {
        Optional<Staff> author = staffOf(row);
        if (author.isEmpty()) {
            return 0;
        }
        ContactService.Selected selected = contacts.selectSql(author.get(), ruleOf(row));
        return sql.number("SELECT COUNT(*)" + selected.from() + RECIPIENT_CONDITION, selected.params());
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
        return new Audience(null, write(c.rule()));
    }

    /**
     * Who the campaign is for: a draft follows its segment as it is now; once scheduled, the rule
     * copied when it was sent. Never "everyone" by default.
     *
     * @throws ApiException 400 when a draft lost its segment (deleted) and has no rule of its own
     */
    private SegmentRule ruleOf(Row row) {
        if (row.status().equals(DRAFT) && row.segmentPublicId() != null) {
            return segments.rule(row.segmentPublicId());
        }
        if (row.rule() == null) {
            throw ApiException.invalidField("segment", "validation.campaignAudience");
        }
        return read(row.rule());
    }

    /** What the campaign may reach now: its author's territory when written, narrowed to what they hold today. */
    private Optional<Staff> staffOf(Row row) {
        return staffService.forStoredWork(row.createdBy(), row.scope());
    }

    /** Whether a scheduled or running campaign was addressed to this segment. */
    @Override
    public boolean waitingOn(String segmentPublicId) {
        return sql.number("SELECT COUNT(*) FROM campaign c WHERE c.segment_id = (SELECT id FROM segment WHERE public_id = ?) "
                + "AND c.status IN ('SCHEDULED', 'SENDING')", List.of(segmentPublicId)) > 0;
    }

    private static void requireDraft(Row row) {
        if (!row.status().equals(DRAFT)) {
            throw ApiException.of(HttpStatus.CONFLICT, "campaign-not-draft", "problem.campaignNotDraft");
        }
    }

    private Row find(Staff staff, String publicId) {
        List<Row> found = publicId == null || publicId.length() > 24 ? List.of() : rows("WHERE c.public_id = ?", List.of(publicId));
        if (found.isEmpty() || !staff.admin() && (found.get(0).createdBy() == null
                || !found.get(0).createdBy().equals(staff.person().id()))) {
            throw ApiException.of(HttpStatus.NOT_FOUND, "campaign-not-found", "problem.campaignNotFound");
        }
        return found.get(0);
    }

    private Row lockedRow(Staff staff, String publicId) {
        Row row = find(staff, publicId);
        sql.list("SELECT id FROM campaign WHERE id = ? FOR UPDATE", List.of(row.id()), rs -> rs.getLong(1));
        return rows("WHERE c.id = ?", List.of(row.id())).get(0);
    }

    private List<Row> rows(String tail, List<Object> params) {
        return sql.list("SELECT c.*, s.public_id AS segment_public_id, s.name AS segment_name, "
                + "CONCAT(a.first_name, ' ', a.last_name) AS author FROM campaign c LEFT JOIN segment s ON s.id = c.segment_id "
                + "LEFT JOIN person a ON a.id = c.created_by " + tail, params, CampaignService::row);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("public_id"), rs.getString("subject"), rs.getString("body_md"),
                rs.getString("locale"), rs.getString("segment_public_id"), rs.getString("segment_name"), rs.getString("rule"),
                rs.getString("scope"), rs.getString("status"), instant(rs.getTimestamp("scheduled_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rs.getInt("recipient_count"),
                rs.getInt("sent_count"), rs.getInt("failed_count"), rs.getObject("created_by", Long.class), rs.getString("author"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private CampaignView view(Row r) {
        long waiting = 0;
        long skipped = 0;
        for (long[] c : sql.list("SELECT CASE status WHEN 'PENDING' THEN 0 WHEN 'SKIPPED' THEN 1 ELSE 2 END, COUNT(*) "
                + "FROM campaign_recipient WHERE campaign_id = ? GROUP BY status", List.of(r.id()), rs -> new long[] {rs.getLong(1), rs.getLong(2)})) {
            if (c[0] == 0) {
                waiting = c[1];
            } else if (c[0] == 1) {
                skipped = c[1];
            }
        }
        long queued;
        long sent;
        long failed;
        if (r.status().equals(SENT)) {
            queued = 0;
            sent = r.sentCount();
            failed = r.failedCount();
        } else {
            Map<String, Long> counts = mail.campaignCounts(r.id());
            queued = counts.getOrDefault("PENDING", 0L);
            sent = counts.getOrDefault("SENT", 0L);
            failed = counts.getOrDefault("FAILED", 0L);
        }
        SegmentRule rule = r.rule() == null ? null : read(r.rule());
        return new CampaignView(r.publicId(), r.subject(), r.bodyMd(), r.locale(), r.segmentPublicId(), r.segmentName(), rule,
                r.status(), r.scheduledAt(), r.startedAt(), r.finishedAt(), r.recipientCount(), waiting, queued, sent, failed, skipped,
                r.author(), r.createdAt(), r.updatedAt());
    }

    private SegmentRule read(String definition) {
        try {
            return json.readValue(definition, SegmentRule.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(SegmentRule rule) {
        try {
            return json.writeValueAsString(rule);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
