package org.cortege.activity;

import java.util.Arrays;
import java.util.Optional;

/** How a person wants to hear of a kind by mail: at once, in a daily or a weekly digest, or not (the feed only). */
enum MailChoice {
    IMMEDIATE("immediate", 0), DAILY("daily", 1), WEEKLY("weekly", 2), OFF("off", 0);

    final String key;
    /** The feed row's mail state while the mail is owed (0: none owed, the mail went or is not wanted). */
    final int owedState;

    MailChoice(String key, int owedState) {
        this.key = key;
        this.owedState = owedState;
    }

    static Optional<MailChoice> of(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }
}
