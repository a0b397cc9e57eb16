package org.cortege.groups;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cortege.mail.MailMessage;
import org.cortege.mail.MailService;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSecret;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Tokens;

/** Managers' messages to their group's members: written down, mailed through the outbox, reportable. */
@Singleton
public class GroupMessageService {

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    private final GroupRepository groups;
    private final MembershipService memberships;
    private final MailService mail;
    private final InstanceSettings settings;
    private final InstanceSecret secret;
    private final java.util.Optional<MailPreferences> preferences;
    private final org.cortege.people.PersonService people;
    private final io.micronaut.context.event.ApplicationEventPublisher<GroupMessagePosted> posted;

    GroupMessageService(GroupRepository groups, MembershipService memberships, MailService mail, InstanceSettings settings,
                        InstanceSecret secret, org.cortege.shared.Sql personalSql, java.util.Optional<MailPreferences> preferences,
                        io.micronaut.context.event.ApplicationEventPublisher<GroupMessagePosted> posted, org.cortege.people.PersonService people) {
        this.personalSql = personalSql;
        this.people = people;
        this.preferences = preferences;
        this.posted = posted;
        this.groups = groups;
        this.memberships = memberships;
        this.mail = mail;
        this.settings = settings;
        this.secret = secret;
    }

    /** A message sent to a group's members, for moderation. */
    public Optional<GroupMessage> findMessage(String publicId) {
        return publicId == null || publicId.length() > 24 ? Optional.empty() : groups.findMessage(publicId);
    }

    /** Whether the person may write to the group's members (checked before spending the rate limit). */
    public boolean canMessage(Person actor, SupportGroup g) {
        return GroupPermissions.canMessageMembers(memberships.actor(actor, g), g);
    }

    /**
     * Mails every confirmed member who wants the group's messages at once (the others find it in their feed or
     * digest), through the outbox, with the group's name as sender name, its contact as Reply-To, and a one-click
     * way to leave the group. Returns how many members it was written to.
     *
     * @throws ApiException 403 unless a manager of a published group
     */
    @Transactional
    public int message(Person actor, String idOrSlug, MessageCommand c) {
        SupportGroup g = groups.findByIdOrSlug(idOrSlug).orElseThrow(GroupMessageService::forbidden);
        if (!GroupPermissions.canMessageMembers(memberships.actor(actor, g), g)) {
            throw forbidden();
        }
        String groupUrl = settings.publicUrl() + "/groupes/" + g.slug();
        List<Recipient> recipients = groups.findRecipients(g.id());
        String messageId = Tokens.newPublicId();
        groups.insertMessage(messageId, g.id(), actor.id(), c.subject().strip(), c.body().strip(), recipients.size(), Instant.now());
        groups.touch(g.id(), Instant.now());
        String reportUrl = settings.publicUrl() + "/signaler?type=message&id=" + messageId;
        java.util.Set<Long> now = preferences.isPresent()
                ? preferences.get().mailNowAmong(recipients.stream().map(Recipient::personId).toList(), g.id(), MailPreferences.GROUP_MESSAGE)
                : null;
        for (Recipient r : recipients) {
            if (now != null && !now.contains(r.personId())) {
                continue;
            }
            String unsubscribe = settings.publicUrl() + "/api/groups/" + g.publicId() + "/unsubscribe?m=" + r.publicId()
                    + "&t=" + secret.sign("leave|" + g.publicId() + "|" + r.publicId());
            mail.enqueueBulk(new MailMessage(r.email(), r.personId(), "group-message", Locale.forLanguageTag(r.locale()),
                    new Object[] {r.firstName(), g.name(), actor.firstName(), c.subject().strip()}, groupUrl, null, false,
                    g.name(), g.contactEmail(), c.body().strip(), unsubscribe, reportUrl)
                    .withStop(preferences.map(p -> p.stopPage(r.publicId(), MailPreferences.GROUP_MESSAGE)).orElse(null)));
        }
        posted.publishEvent(new GroupMessagePosted(g.id(), g.name(), g.slug(), actor.id(), c.subject().strip(),
                recipients.stream().map(Recipient::personId).toList()));
        return recipients.size();
    }

    private static ApiException forbidden() {
        return ApiException.of(HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
    }

    /** A message of the group as its members read it: the author's first name only (null once they are gone). */
    @io.micronaut.serde.annotation.Serdeable
    public record MessageView(String id, String subject, String body, @io.micronaut.core.annotation.Nullable String author, Instant at) {
    }

    /** A page of a group's messages, the newest first; {@code more} when older ones follow. */
    @io.micronaut.serde.annotation.Serdeable
    public record MessagePage(List<MessageView> items, boolean more) {
    }

    /**
     * The group's messages, newest first, 20 a page: a member reads those sent since they joined, those who run the
     * group all of them. Whoever is not a member gets 403 (what a group says to its members is not public).
     */
    @Transactional(readOnly = true)
    public MessagePage messages(Person actor, String idOrSlug, int page) {
        SupportGroup g = groups.findByIdOrSlug(idOrSlug).orElseThrow(GroupMessageService::forbidden);
        GroupPermissions.Actor a = memberships.actor(actor, g);
        if (!GroupPermissions.canReadMessages(a, g)) {
            throw forbidden();
        }
        Instant since = a.isAtLeastManager() ? Instant.EPOCH : a.membership().joinedAt();
        int p = Math.max(1, Math.min(page, 1000));
        List<Object[]> rows = personalSql.list("SELECT public_id, subject, body, author_id, created_at FROM group_message WHERE group_id = ? "
                + "AND created_at >= ? ORDER BY id DESC LIMIT 21 OFFSET ?", List.of(g.id(), java.sql.Timestamp.from(since), (p - 1) * 20),
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, Long.class), rs.getTimestamp(5).toInstant()});
        java.util.Map<Long, String> names = people.firstNames(rows.stream().map(r -> (Long) r[3]).filter(java.util.Objects::nonNull).toList());
        List<MessageView> items = rows.stream().limit(20).map(r -> new MessageView((String) r[0], (String) r[1], (String) r[2],
                r[3] == null ? null : names.get((Long) r[3]), (Instant) r[4])).toList();
        return new MessagePage(items, rows.size() > 20);
    }

    /** A message someone wrote to a group's members. */
    public record Written(String groupName, String subject, String body, int recipients, Instant at) {
    }

    /** The messages a person wrote, the latest first, at most {@code limit}. */
    public List<Written> writtenBy(Long personId, int limit) {
        return personalSql.list("SELECT g.name, m.subject, m.body, m.recipients, m.created_at FROM group_message m "
                + "JOIN support_group g ON g.id = m.group_id WHERE m.author_id = ? ORDER BY m.id DESC LIMIT ?", List.of(personId, limit),
                rs -> new Written(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getTimestamp(5).toInstant()));
    }
}
