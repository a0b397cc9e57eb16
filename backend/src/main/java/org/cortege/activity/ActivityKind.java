package org.cortege.activity;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a feed entry tells, who decides how its mail goes, and its defaults: immediate mail for the few important
 * kinds, the daily digest for the rest; push (once the person turned it on in a browser) for the kinds that change
 * one's plans. A mandatory kind's mail cannot be
 * turned off (it says that something one counted on changed); a kind mailed by its own feature (a change of an
 * action, a group's message) is not mailed again here when the person wants it at once.
 */
enum ActivityKind {
    MEMBER_JOINED("member-joined", MailChoice.DAILY, false, false, true, false),
    GROUP_ACTION("group-action", MailChoice.DAILY, false, false, false, false),
    GROUP_MESSAGE("group-message", MailChoice.IMMEDIATE, false, true, false, false),
    ACTION_CHANGED("action-changed", MailChoice.IMMEDIATE, true, true, false, true),
    ACTION_CANCELLED("action-cancelled", MailChoice.IMMEDIATE, true, true, false, true),
    ACTION_ANSWERED("action-answered", MailChoice.DAILY, false, false, true, false),
    GROUP_REPORTED("group-reported", MailChoice.DAILY, false, false, true, false),
    GROUP_HIDDEN("group-hidden", MailChoice.IMMEDIATE, true, false, true, true),
    REPORT_DUE("report-due", MailChoice.IMMEDIATE, false, false, true, false),
    ACTION_REPORT("action-report", MailChoice.DAILY, false, false, false, false),
    /** Opt-in: nothing at all (not even the feed) until the person asks for it by mail or push. */
    NEARBY_ACTION("nearby-action", MailChoice.OFF, false, false, false, false);

    final String key;
    final MailChoice defaultMail;
    final boolean mandatory;
    final boolean mailedByOwner;
    /** Only a group's managers hear of it. */
    final boolean forManagers;
    /** Pushed to the person's browsers by default, once they turned push on in one (the kinds that change one's plans). */
    final boolean defaultPush;

    /**
     * Told once a day per recipient, whatever happens again: the same person joining and leaving in a loop, answering
     * and cancelling, a report filed over and over about the same thing would otherwise flood the managers.
     */
    boolean coalesced() {
        return this == MEMBER_JOINED || this == ACTION_ANSWERED || this == GROUP_REPORTED;
    }

    /**
     * The mail choices offered. A report is never mailed at once: who reported must not be guessed from the moment,
     * and nothing asks the managers to act before a moderator looked.
     */
    java.util.List<MailChoice> mailChoices() {
        if (mandatory) {
            return java.util.List.of(MailChoice.IMMEDIATE);
        }
        return this == GROUP_REPORTED ? java.util.List.of(MailChoice.DAILY, MailChoice.WEEKLY, MailChoice.OFF)
                : java.util.List.of(MailChoice.values());
    }

    ActivityKind(String key, MailChoice defaultMail, boolean mandatory, boolean mailedByOwner, boolean forManagers, boolean defaultPush) {
        this.defaultPush = defaultPush;
        this.key = key;
        this.defaultMail = defaultMail;
        this.mandatory = mandatory;
        this.mailedByOwner = mailedByOwner;
        this.forManagers = forManagers;
    }

    static Optional<ActivityKind> of(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
