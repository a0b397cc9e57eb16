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
    private final io.micronaut.context.event.ApplicationEventPublisher<GroupMessagePosted> posted;

    GroupMessageService(GroupRepository groups, MembershipService memberships, MailService mail, InstanceSettings settings,
                        InstanceSecret secret, org.cortege.shared.Sql personalSql, java.util.Optional<MailPreferences> preferences,
                        io.micronaut.context.event.ApplicationEventPublisher<GroupMessagePosted> posted) {
        this.personalSql = personalSql;
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
        for (Recipient r : recipients) {
            if (preferences.isPresent() && !preferences.get().mailsNow(r.personId(), g.id(), MailPreferences.GROUP_MESSAGE)) {
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
