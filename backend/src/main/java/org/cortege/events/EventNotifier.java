package org.cortege.events;

import jakarta.inject.Singleton;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.cortege.mail.MailMessage;
import org.cortege.mail.MailService;
import org.cortege.shared.InstanceSecret;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;

/**
 * Mails those who said they come to a date when it changes, is cancelled, or is near (reminder),
 * through the outbox, in the caller's transaction. Visitors get a signed link to their answer
 * (to cancel it) instead of the action's page.
 */
@Singleton
class EventNotifier {

    private static final DateTimeFormatter FR_DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter FR_TIME = DateTimeFormatter.ofPattern("H'\u00a0h\u00a0'mm", Locale.FRENCH);
    private static final DateTimeFormatter EN_DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter EN_TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private final RsvpRepository rsvps;
    private final MailService mail;
    private final InstanceSettings settings;
    private final InstanceSecret secret;
    private final io.micronaut.context.event.ApplicationEventPublisher<ActionNews> news;

    EventNotifier(RsvpRepository rsvps, MailService mail, InstanceSettings settings, InstanceSecret secret,
                  io.micronaut.context.event.ApplicationEventPublisher<ActionNews> news) {
        this.news = news;
        this.rsvps = rsvps;
        this.mail = mail;
        this.settings = settings;
        this.secret = secret;
    }

    void changed(Event e, Occurrence o) {
        news(ActionNews.Kind.CHANGED, e, o.startsAt(), null, send("event-changed", e, o));
    }

    void cancelled(Event e, Occurrence o) {
        news(ActionNews.Kind.CANCELLED, e, o.startsAt(), null, send("event-cancelled", e, o));
    }

    /** A date's first report, for the group's members' feeds. */
    void reported(Event e, Occurrence o, Long authorId) {
        news(ActionNews.Kind.REPORTED, e, o.startsAt(), authorId, List.of());
    }

    /** A new action of a group, for its members' feeds (not of a hidden group's: nobody sees it). */
    void published(Event e, boolean groupHidden, java.time.Instant firstStart, Long authorId) {
        if (!groupHidden) {
            news(ActionNews.Kind.PUBLISHED, e, firstStart, authorId, List.of());
        }
    }

    private void news(ActionNews.Kind kind, Event e, @io.micronaut.core.annotation.Nullable java.time.Instant startsAt,
                      @io.micronaut.core.annotation.Nullable Long actorId, List<Long> concerned) {
        news.publishEvent(new ActionNews(kind, e.id(), e.groupId(), e.title(), e.slug(), actorId, startsAt, concerned,
                e.online() ? null : e.lat(), e.online() ? null : e.lng()));
    }

    /**
     * The day-before reminder, with two signed one-click links to the answer (no sign-in): "I confirm" and "I can no
     * longer come" (which frees the place and tells the organizers).
     */
    void reminder(Event e, Occurrence o) {
        for (Attendee a : rsvps.findAttendees(o.id())) {
            Locale locale = localeOf(a);
            mail.enqueue(MailMessage.twoButtons(a.email(), a.personId(), "event-reminder", locale,
                    new Object[] {a.name(), e.title(), when(e, o, locale), where(e, locale)},
                    replyLink("rappel", a.rsvpPublicId(), "oui"), replyLink("rappel", a.rsvpPublicId(), "non")));
        }
    }

    /** The last reminder, a few hours before, to those who confirmed from the first one's link. */
    void lastReminder(Event e, Occurrence o) {
        for (Attendee a : rsvps.findReconfirmedAttendees(o.id())) {
            Locale locale = localeOf(a);
            mail.enqueue(MailMessage.twoButtons(a.email(), a.personId(), "event-last-reminder", locale,
                    new Object[] {a.name(), e.title(), when(e, o, locale), where(e, locale)},
                    a.personId() == null ? guestLink(a.rsvpPublicId()) : eventUrl(e), replyLink("rappel", a.rsvpPublicId(), "non")));
        }
    }

    /** After the date: "were you there?", one click either way (no sign-in). */
    void followup(Event e, Occurrence o) {
        for (Attendee a : rsvps.findAttendees(o.id())) {
            Locale locale = localeOf(a);
            mail.enqueue(MailMessage.twoButtons(a.email(), a.personId(), "event-followup", locale,
                    new Object[] {a.name(), e.title(), when(e, o, locale)},
                    replyLink("bilan", a.rsvpPublicId(), "oui"), replyLink("bilan", a.rsvpPublicId(), "non")));
        }
        news(ActionNews.Kind.ENDED, e, o.startsAt(), null, List.of());
    }

    /** One of a group's next dates, for the thank-you mail. */
    record Next(Event event, Occurrence occurrence) {
    }

    /** "Thank you for coming": the group's next actions, each with its date and link, or a word to propose one. */
    void thanks(Event e, org.cortege.groups.SupportGroup group, String email, @io.micronaut.core.annotation.Nullable Long personId, String name,
                String localeTag, List<Next> next) {
        Locale locale = Messages.ENGLISH.toLanguageTag().equals(localeTag) || "en".equals(localeTag) ? Messages.ENGLISH : Messages.FRENCH;
        StringBuilder list = new StringBuilder();
        for (Next n : next) {
            list.append("• ").append(n.event().title()).append(" — ").append(when(n.event(), n.occurrence(), locale)).append("\n  ")
                    .append(eventUrl(n.event())).append('\n');
        }
        mail.enqueue(new MailMessage(email, personId, next.isEmpty() ? "event-thanks-none" : "event-thanks", locale,
                new Object[] {name, e.title(), group.name()}, settings.publicUrl() + "/groupes/" + group.slug(), null, true, null, null,
                next.isEmpty() ? null : list.toString().stripTrailing(), null, null));
    }

    /** Tells a group's managers that someone who said they come no longer does (their first name, the date). */
    void noLongerComing(Event e, Occurrence o, String who, List<org.cortege.groups.GroupService.Manager> managers) {
        for (org.cortege.groups.GroupService.Manager m : managers) {
            Locale locale = Messages.ENGLISH.toLanguageTag().equals(m.locale()) ? Messages.ENGLISH : Messages.FRENCH;
            mail.enqueue(new MailMessage(m.email(), m.personId(), "event-no-longer-coming", locale,
                    new Object[] {m.firstName(), who, e.title(), when(e, o, locale)}, eventUrl(e), null, true));
        }
    }

    /**
     * A signed link to one answer, for its reminder page ("rappel") or its follow-up page ("bilan"), saying what the
     * click means ("oui", "non"). The signature is over the answer alone: either page, either word.
     */
    String replyLink(String page, String rsvpPublicId, String word) {
        return settings.publicUrl() + "/participation/" + page + "#" + rsvpPublicId + "." + secret.sign("rsvp-reply|" + rsvpPublicId) + "."
                + word;
    }

    boolean verifyReplyLink(String rsvpPublicId, String signature) {
        return rsvpPublicId != null && signature != null && secret.verify("rsvp-reply|" + rsvpPublicId, signature);
    }

    private static Locale localeOf(Attendee a) {
        return Messages.ENGLISH.toLanguageTag().equals(a.locale()) ? Messages.ENGLISH : Messages.FRENCH;
    }

    /**
     * "You are coming": the date, the place, the date's calendar file and how to take the answer
     * back (the action's page for a supporter, the signed participation link for a visitor).
     */
    void coming(Event e, Occurrence o, String rsvpPublicId, String email, @io.micronaut.core.annotation.Nullable Long personId,
                String name, String localeTag) {
        Locale locale = Messages.ENGLISH.toLanguageTag().equals(localeTag) ? Messages.ENGLISH : Messages.FRENCH;
        String ics = settings.publicUrl() + "/api/occurrences/" + o.publicId() + ".ics";
        mail.enqueue(new MailMessage(email, personId, personId == null ? "event-rsvp-done-guest" : "event-rsvp-done", locale,
                new Object[] {name, e.title(), when(e, o, locale), where(e, locale), ics},
                personId == null ? guestLink(rsvpPublicId) : eventUrl(e), null, true));
        news(ActionNews.Kind.ANSWERED, e, o.startsAt(), personId, List.of());
    }

    /** Tells the managers of a group named co-host: accept or decline from their group's page. */
    void cohostInvitation(Event e, org.cortege.groups.SupportGroup by, org.cortege.groups.SupportGroup invited,
                          List<org.cortege.groups.GroupService.Manager> managers) {
        for (org.cortege.groups.GroupService.Manager m : managers) {
            Locale locale = Messages.ENGLISH.toLanguageTag().equals(m.locale()) ? Messages.ENGLISH : Messages.FRENCH;
            mail.enqueue(new MailMessage(m.email(), m.personId(), "cohost-invitation", locale,
                    new Object[] {m.firstName(), by.name(), invited.name(), e.title()},
                    settings.publicUrl() + "/groupes/" + invited.slug() + "#co-organisation", null, true));
        }
    }

    /** The link that lets a visitor see and cancel their answer (signed: no session). */
    String guestLink(String rsvpPublicId) {
        return settings.publicUrl() + "/participation#" + rsvpPublicId + "." + secret.sign("rsvp|" + rsvpPublicId);
    }

    boolean verifyGuestLink(String rsvpPublicId, String signature) {
        return rsvpPublicId != null && signature != null && secret.verify("rsvp|" + rsvpPublicId, signature);
    }

    String eventUrl(Event e) {
        return settings.publicUrl() + "/actions/" + e.slug();
    }

    /** Mails those who come to the date; returns the supporters among them. */
    private List<Long> send(String template, Event e, Occurrence o) {
        List<Long> supporters = new java.util.ArrayList<>();
        for (Attendee a : rsvps.findAttendees(o.id())) {
            if (a.personId() != null) {
                supporters.add(a.personId());
            }
            Locale locale = Messages.ENGLISH.toLanguageTag().equals(a.locale()) ? Messages.ENGLISH : Messages.FRENCH;
            String url = a.personId() == null ? guestLink(a.rsvpPublicId()) : eventUrl(e);
            mail.enqueue(new MailMessage(a.email(), a.personId(), template, locale,
                    new Object[] {a.name(), e.title(), when(e, o, locale), where(e, locale)}, url, null, true));
        }
        return supporters;
    }

    /** "samedi 20 mars 2027 de 10 h 00 à 12 h 00" in the action's time zone. */
    static String when(Event e, Occurrence o, Locale locale) {
        ZoneId zone = ZoneId.of(e.timeZone());
        ZonedDateTime start = o.startsAt().atZone(zone);
        ZonedDateTime end = o.endsAt().atZone(zone);
        boolean fr = !Messages.ENGLISH.equals(locale);
        DateTimeFormatter day = fr ? FR_DAY : EN_DAY;
        DateTimeFormatter time = fr ? FR_TIME : EN_TIME;
        if (e.allDay()) {
            String first = day.format(start);
            ZonedDateTime last = end.minusDays(1);
            return last.toLocalDate().equals(start.toLocalDate()) ? first
                    : (fr ? "du " + first + " au " + day.format(last) : "from " + first + " to " + day.format(last));
        }
        if (end.toLocalDate().equals(start.toLocalDate())) {
            return fr ? day.format(start) + " de " + time.format(start) + " à " + time.format(end)
                    : day.format(start) + " from " + time.format(start) + " to " + time.format(end);
        }
        return fr ? "du " + day.format(start) + " à " + time.format(start) + " au " + day.format(end) + " à " + time.format(end)
                : "from " + day.format(start) + " at " + time.format(start) + " to " + day.format(end) + " at " + time.format(end);
    }

    static String where(Event e, Locale locale) {
        if (e.online()) {
            return (Messages.ENGLISH.equals(locale) ? "online: " : "en ligne\u00a0: ") + e.onlineUrl();
        }
        return (e.address() == null ? "" : e.address() + ", ") + e.postalCode() + " " + e.commune();
    }
}
