package org.cortege.admin.campaigns;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cortege.admin.ContactService;
import org.cortege.admin.SegmentRule;
import org.cortege.admin.SegmentService;
import org.cortege.admin.Staff;
import org.cortege.mail.MailService;
import org.cortege.mail.MailStatus;
import org.cortege.mail.MailTemplates;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.RichText;
import org.cortege.shared.Sql;

/**
 * What drafts and delivery share about a {@code campaign} row: finding it (an organizer only their
 * own), locking it, its audience (a draft follows its segment; once sent, the rule frozen then),
 * what its author may reach now, its mail rendered for one person, and its view with the outbox's
 * figures. Only people who agreed to mailings (and are neither banned nor unconfirmed sign-ups)
 * are ever counted or sent to.
 */
@Singleton
class CampaignStore {


    /** Who may receive a mailing, whatever the segment says. */
    static final String RECIPIENT_CONDITION = " AND p.email_consent AND p.status IN ('CONFIRMED', 'CONTACT')";

    private final Sql sql;
    private final CampaignRepository campaigns;
    private final JsonMapper json;
    private final ContactService contacts;
    private final SegmentService segments;
    private final MailService mail;
    private final MailTemplates templates;
    private final RichText richText;
    private final InstanceSettings settings;
    private final UnsubscribeLinks links;
    private final org.cortege.admin.StaffService staffService;

    CampaignStore(Sql sql, CampaignRepository campaigns, JsonMapper json, ContactService contacts, SegmentService segments, MailService mail, MailTemplates templates, RichText richText, InstanceSettings settings, UnsubscribeLinks links, org.cortege.admin.StaffService staffService) {
        this.sql = sql;
        this.campaigns = campaigns;
        this.json = json;
        this.contacts = contacts;
        this.segments = segments;
        this.mail = mail;
        this.templates = templates;
        this.richText = richText;
        this.settings = settings;
        this.links = links;
        this.staffService = staffService;
    }

    record Row(long id, String publicId, String subject, String bodyMd, String locale, @Nullable String segmentPublicId,
               @Nullable String segmentName, @Nullable String rule, @Nullable String scope, CampaignStatus status,
               @Nullable Instant scheduledAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, int recipientCount,
               int sentCount, int failedCount, @Nullable Long createdBy, @Nullable String author, Instant createdAt,
               Instant updatedAt) {
    }

    Row find(Staff staff, String publicId) {
        List<Row> found = publicId == null || publicId.length() > 24 ? List.of() : rows("WHERE c.public_id = ?", List.of(publicId));
        if (found.isEmpty() || !staff.admin() && (found.get(0).createdBy() == null
                || !found.get(0).createdBy().equals(staff.person().id()))) {
            throw ApiException.of(HttpStatus.NOT_FOUND, "campaign-not-found", "problem.campaignNotFound");
        }
        return found.get(0);
    }

    Row lockedRow(Staff staff, String publicId) {
        Row row = find(staff, publicId);
        campaigns.findByIdForUpdate(row.id());
        return rows("WHERE c.id = ?", List.of(row.id())).get(0);
    }

    List<Row> rows(String tail, List<Object> params) {
        return sql.list("SELECT c.*, s.public_id AS segment_public_id, s.name AS segment_name, "
                + "CONCAT(a.first_name, ' ', a.last_name) AS author FROM campaign c LEFT JOIN segment s ON s.id = c.segment_id "
                + "LEFT JOIN person a ON a.id = c.created_by " + tail, params, CampaignStore::row);
    }

    static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("public_id"), rs.getString("subject"), rs.getString("body_md"),
                rs.getString("locale"), rs.getString("segment_public_id"), rs.getString("segment_name"), rs.getString("rule"),
                rs.getString("scope"), CampaignStatus.valueOf(rs.getString("status")), instant(rs.getTimestamp("scheduled_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rs.getInt("recipient_count"),
                rs.getInt("sent_count"), rs.getInt("failed_count"), rs.getObject("created_by", Long.class), rs.getString("author"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    CampaignView view(Row r) {
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
        if (r.status() == CampaignStatus.SENT) {
            queued = 0;
            sent = r.sentCount();
            failed = r.failedCount();
        } else {
            Map<MailStatus, Long> counts = mail.campaignCounts(r.id());
            queued = counts.getOrDefault(MailStatus.PENDING, 0L);
            sent = counts.getOrDefault(MailStatus.SENT, 0L);
            failed = counts.getOrDefault(MailStatus.FAILED, 0L);
        }
        SegmentRule rule = r.rule() == null ? null : read(r.rule());
        return new CampaignView(r.publicId(), r.subject(), r.bodyMd(), r.locale(), r.segmentPublicId(), r.segmentName(), rule,
                r.status(), r.scheduledAt(), r.startedAt(), r.finishedAt(), r.recipientCount(), waiting, queued, sent, failed, skipped,
                r.author(), r.createdAt(), r.updatedAt());
    }

    SegmentRule read(String definition) {
        try {
            return json.readValue(definition, SegmentRule.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String write(SegmentRule rule) {
        try {
            return json.writeValueAsString(rule);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Who the campaign is for: a draft follows its segment as it is now; once scheduled, the rule
     * copied when it was sent. Never "everyone" by default.
     *
     * @throws ApiException 400 when a draft lost its segment (deleted) and has no rule of its own
     */
    SegmentRule ruleOf(Row row) {
        if (row.status() == CampaignStatus.DRAFT && row.segmentPublicId() != null) {
            return segments.rule(row.segmentPublicId());
        }
        if (row.rule() == null) {
            throw ApiException.invalidField("segment", "validation.campaignAudience");
        }
        return read(row.rule());
    }

    /** What the campaign may reach now: its author's territory when written, narrowed to what they hold today. */
    Optional<Staff> staffOf(Row row) {
        return staffService.forStoredWork(row.createdBy(), row.scope());
    }

    long recipientCount(Row row) {
        Optional<Staff> author = staffOf(row);
        if (author.isEmpty()) {
            return 0;
        }
        ContactService.Selected selected = contacts.selectSql(author.get(), ruleOf(row));
        return sql.number("SELECT COUNT(*)" + selected.from() + RECIPIENT_CONDITION, selected.params());
    }

    MailTemplates.Rendered render(Row row, Person to, String bodyHtml) {
        String unsubscribePage = settings.publicUrl() + "/desabonnement#m=" + to.publicId() + "&t=" + links.signature(to.publicId());
        // the text part is the Markdown read as text ("**" and "#" gone, links as "text (address)")
        return templates.renderCampaign(Locale.forLanguageTag(row.locale()), settings.organizationName(), row.subject(), to.firstName(),
                richText.toPlainText(row.bodyMd()), bodyHtml, unsubscribePage);
    }

    static void requireDraft(Row row) {
        if (row.status() != CampaignStatus.DRAFT) {
            throw ApiException.of(HttpStatus.CONFLICT, "campaign-not-draft", "problem.campaignNotDraft");
        }
    }

}
