package org.cortege.privacy;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;

/**
 * The same export as a self-contained HTML page a person can read, keep and print: no script, no
 * style sheet, nothing fetched; every value escaped. Times in the movement's time zone.
 */
@Singleton
class PersonalDataPage {

    private final Messages messages;
    private final InstanceSettings settings;

    PersonalDataPage(Messages messages, InstanceSettings settings) {
        this.messages = messages;
        this.settings = settings;
    }

    String render(PersonalData d, Locale locale) {
        var w = new Writer(locale);
        var p = d.profile();
        w.raw("<!DOCTYPE html>\n<html lang=\"").text(locale.getLanguage()).raw("\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .text(t(locale, "title", d.controller())).raw("</title></head><body>\n");
        w.raw("<h1>").text(t(locale, "title", d.controller())).raw("</h1>\n<p>")
                .text(t(locale, "intro", w.time(d.generatedAt()), d.controller(), d.privacyContact())).raw("</p>\n");
        w.raw("<h2>").text(t(locale, "profile")).raw("</h2>\n<dl>\n");
        w.pair("firstName", p.firstName()).pair("lastName", p.lastName()).pair("email", p.email()).pair("phone", p.phone())
                .pair("birthDate", w.date(p.birthDate())).pair("postalCode", p.postalCode()).pair("commune", p.commune())
                .pair("departement", p.departement()).pair("locale", p.locale()).pair("status", p.status())
                .pair("source", p.source()).pair("mailingConsent", w.yesNo(p.mailingConsent()))
                .pair("createdAt", w.time(p.createdAt())).pair("confirmedAt", w.time(p.confirmedAt()))
                .pair("lastActiveAt", w.time(p.lastActiveAt())).pair("interests", String.join(", ", d.interests()));
        w.raw("</dl>\n");
        w.table("consents", d.consents(), List.of("purpose", "wording", "givenAt", "withdrawnAt"),
                c -> Arrays.asList(t(locale, "purpose." + ("email".equals(c.purpose()) || "signup".equals(c.purpose()) ? c.purpose() : "other")),
                        PersonalDataService.wording(messages, c.wording(), locale), w.time(c.givenAt()), w.time(c.withdrawnAt())));
        w.table("groups", d.groups(), List.of("group", "role", "shareContact", "joinedAt"),
                g -> Arrays.asList(g.group(), g.role(), w.yesNo(g.shareContact()), w.time(g.joinedAt())));
        w.table("actions", d.actions(), List.of("action", "startsAt", "status", "attended", "cameSaid", "reconfirmedAt", "answeredAt"),
                a -> Arrays.asList(a.action(), w.time(a.startsAt()), a.status(), w.yesNo(a.attended()),
                        a.cameSaid() == null ? null : w.yesNo(a.cameSaid()), w.time(a.reconfirmedAt()), w.time(a.answeredAt())));
        w.table("groupsFounded", d.groupsFounded(), List.of("title", "createdAt"), c -> Arrays.asList(c.title(), w.time(c.createdAt())));
        w.table("actionsPublished", d.actionsPublished(), List.of("title", "createdAt"), c -> Arrays.asList(c.title(), w.time(c.createdAt())));
        w.table("dateReportsWritten", d.dateReportsWritten(), List.of("title", "createdAt"), c -> Arrays.asList(c.title(), w.time(c.createdAt())));
        w.table("messagesWritten", d.messagesWritten(), List.of("group", "subject", "body", "sentAt"),
                m -> Arrays.asList(m.group(), m.subject(), m.body(), w.time(m.sentAt())));
        w.table("reportsMade", d.reportsMade(), List.of("reason", "text", "createdAt"),
                r -> Arrays.asList(r.reason(), r.text(), w.time(r.createdAt())));
        w.table("tags", d.tags(), List.of("label", "at"), x -> Arrays.asList(x.label(), w.time(x.at())));
        w.table("imports", d.imports(), List.of("label", "detail", "at"), x -> Arrays.asList(x.label(), x.detail(), w.time(x.at())));
        w.table("mails", d.mails(), List.of("subject", "kind", "status", "createdAt"),
                m -> Arrays.asList(m.subject(), m.kind(), m.status(), w.time(m.createdAt())));
        w.table("sessions", d.sessions(), List.of("createdAt", "lastSeenAt", "expiresAt"),
                s -> Arrays.asList(w.time(s.createdAt()), w.time(s.lastSeenAt()), w.time(s.expiresAt())));
        w.table("staffAccess", d.staffAccess(), List.of("action", "detail", "at"),
                a -> Arrays.asList(t(locale, "access." + a.action()), a.detail(), w.time(a.at())));
        w.raw("<p>").text(t(locale, "calendarFeed", d.calendarFeedCreatedAt() == null ? t(locale, "no") : w.time(d.calendarFeedCreatedAt())))
                .raw("</p>\n");
        var r = d.referrals();
        w.raw("<h2>").text(t(locale, "referrals")).raw("</h2>\n<dl>\n");
        w.pair("shareLink", r == null ? null : r.link()).pair("shareLinkCreatedAt", r == null ? null : w.time(r.codeCreatedAt()))
                .pair("peopleBrought", Long.toString(r == null ? 0 : r.brought()));
        var through = r == null ? null : r.signedUpThrough();
        w.pair("signedUpThrough", through == null ? null : w.yesNo(through.supporterLink()))
                .pair("utm", through == null ? null : java.util.stream.Stream.of(through.utmSource(), through.utmMedium(), through.utmCampaign())
                        .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining(" · ")));
        w.raw("</dl>\n");
        w.table("groupJoinsThrough", r == null ? List.of() : r.groupJoinsThrough(), List.of("group", "supporterLink", "utm", "at"),
                j -> Arrays.asList(j.group(), w.yesNo(j.supporterLink()), java.util.stream.Stream.of(j.utmSource(), j.utmMedium(), j.utmCampaign())
                        .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining(" · ")), w.time(j.at())));
        w.table("feed", d.feed(), List.of("kind", "subject", "at", "readAt"), f -> Arrays.asList(t(locale, "feedKind." + f.kind()),
                f.subject(), w.time(f.at()), f.readAt() == null ? t(locale, "no") : w.time(f.readAt())));
        w.table("notifications", d.notifications().kinds(), List.of("kind", "mail"), k -> Arrays.asList(t(locale, "feedKind." + k.kind()),
                t(locale, "mailChoice." + k.mail())));
        w.table("mutedGroups", d.notifications().muted(), List.of("label"), g -> Arrays.asList(g.name()));
        w.raw("<p>").text(t(locale, "pushBrowsers", d.notifications().pushBrowsers())).raw("</p>\n");
        w.raw("</body></html>\n");
        return w.toString();
    }

    private String t(Locale locale, String key, Object... args) {
        return messages.get(locale, "personalData." + key, args);
    }

    /** Appends escaped text and small blocks of markup. */
    private final class Writer {
        private final StringBuilder out = new StringBuilder(16_384);
        private final Locale locale;
        private final DateTimeFormatter dateTime;
        private final DateTimeFormatter date;

        Writer(Locale locale) {
            this.locale = locale;
            this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT).withLocale(locale)
                    .withZone(settings.timeZone());
            this.date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
        }

        Writer raw(String markup) {
            out.append(markup);
            return this;
        }

        Writer text(String value) {
            if (value == null) {
                return this;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '&' -> out.append("&amp;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            return this;
        }

        Writer pair(String key, String value) {
            return raw("<dt>").text(t(locale, "field." + key)).raw("</dt><dd>").text(value == null || value.isEmpty() ? "—" : value)
                    .raw("</dd>\n");
        }

        <T> void table(String key, List<T> rows, List<String> columns, Function<T, List<String>> cells) {
            raw("<h2>").text(t(locale, key)).raw("</h2>\n");
            if (rows.isEmpty()) {
                raw("<p>").text(t(locale, "none")).raw("</p>\n");
                return;
            }
            raw("<table><thead><tr>");
            for (String c : columns) {
                raw("<th scope=\"col\">").text(t(locale, "field." + c)).raw("</th>");
            }
            raw("</tr></thead><tbody>\n");
            for (T row : rows) {
                raw("<tr>");
                for (String cell : new ArrayList<>(cells.apply(row))) {
                    raw("<td>").text(cell == null ? "—" : cell).raw("</td>");
                }
                raw("</tr>\n");
            }
            raw("</tbody></table>\n");
        }

        String time(Instant at) {
            return at == null ? null : dateTime.format(at);
        }

        String date(LocalDate d) {
            return d == null ? null : date.format(d);
        }

        String yesNo(boolean value) {
            return t(locale, value ? "yes" : "no");
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
