package org.cortege.privacy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything the instance holds about one person (GDPR article 15 and 20), as they download it:
 * what they gave, what they did, what the movement's staff did with it and who looked at it.
 * Times are UTC.
 */
@Serdeable
public record PersonalData(Instant generatedAt, String controller, String privacyContact, Profile profile,
                           List<String> interests, List<Consent> consents, List<Membership> groups, List<Answer> actions,
                           List<Created> groupsFounded, List<Created> actionsPublished, List<Message> messagesWritten,
                           List<ReportMade> reportsMade, List<Dated> tags, List<Dated> imports, List<Mail> mails,
                           List<Session> sessions, @Nullable Instant calendarFeedCreatedAt, List<StaffAccess> staffAccess,
                           @Nullable org.cortege.referrals.ReferralService.Referrals referrals, List<Created> dateReportsWritten,
                           List<org.cortege.activity.ActivityService.Exported> feed,
                           org.cortege.activity.NotificationPreferences.View notifications) {

    @Serdeable
    public record Profile(String id, String email, String firstName, String lastName, @Nullable String phone,
                          @Nullable LocalDate birthDate, String country, String postalCode, @Nullable String inseeCode,
                          @Nullable String commune, @Nullable String departement, @Nullable Double lat, @Nullable Double lng,
                          String locale, String status, String source, boolean mailingConsent, Instant createdAt,
                          @Nullable Instant confirmedAt, @Nullable Instant lastActiveAt, @Nullable Instant lastAttendedAt) {
    }

    /** A consent as given (with its wording) and, if so, withdrawn. */
    @Serdeable
    public record Consent(String purpose, String version, String locale, String wording, Instant givenAt,
                          @Nullable Instant withdrawnAt) {
    }

    @Serdeable
    public record Membership(String group, String link, String role, boolean shareContact, @Nullable Instant shareContactAt,
                             Instant joinedAt) {
    }

    /** An "I come" to one date of an action. */
    @Serdeable
    public record Answer(String action, String link, Instant startsAt, String status, boolean shareContact, boolean attended,
                         Instant answeredAt, @Nullable Instant reconfirmedAt, @Nullable Boolean cameSaid) {
    }

    @Serdeable
    public record Created(String title, String link, Instant createdAt) {
    }

    @Serdeable
    public record Message(String group, String subject, String body, int recipients, Instant sentAt) {
    }

    @Serdeable
    public record ReportMade(String targetType, String targetId, String reason, @Nullable String text, Instant createdAt) {
    }

    /** A tag the staff put on the person, or an import that brought them in or updated them. */
    @Serdeable
    public record Dated(String label, @Nullable String detail, Instant at) {
    }

    @Serdeable
    public record Mail(String subject, String kind, String status, Instant createdAt, @Nullable Instant sentAt) {
    }

    @Serdeable
    public record Session(Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
    }

    /** Staff reading or changing the person's record: the role is given, not the staff member's name. */
    @Serdeable
    public record StaffAccess(String action, @Nullable String detail, Instant at) {
    }
}
