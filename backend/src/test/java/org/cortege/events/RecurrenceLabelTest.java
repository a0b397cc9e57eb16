package org.cortege.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecurrenceLabelTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FREQ=WEEKLY;BYDAY=TU;COUNT=8 | tous les mardis | every Tuesday",
            "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270301T000000Z | tous les mardis et jeudis | every Tuesday and Thursday",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA | un samedi sur deux | every other Saturday",
            "FREQ=MONTHLY;BYDAY=1TH;COUNT=6 | le 1er jeudi du mois | the 1st Thursday of the month",
            "FREQ=MONTHLY;BYDAY=3WE | le 3e mercredi du mois | the 3rd Wednesday of the month",
            "FREQ=MONTHLY;BYDAY=-1FR | le dernier vendredi du mois | the last Friday of the month",
            "FREQ=MONTHLY;BYMONTHDAY=15 | le 15 de chaque mois | on the 15th of each month",
            "FREQ=DAILY;COUNT=5 | tous les jours | every day",
    })
    void commonRulesReadAsWords(String rule, String fr, String en) {
        assertEquals(fr, RecurrenceLabel.of(rule, Locale.FRENCH));
        assertEquals(en, RecurrenceLabel.of(rule, Locale.ENGLISH));
    }

    @Test
    void rulesBeyondWordsGiveNothing() {
        assertNull(RecurrenceLabel.of(null, Locale.FRENCH));
        assertNull(RecurrenceLabel.of("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", Locale.FRENCH));
        assertNull(RecurrenceLabel.of("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", Locale.FRENCH));
        assertNull(RecurrenceLabel.of("FREQ=YEARLY", Locale.FRENCH));
        assertNull(RecurrenceLabel.of("FREQ=WEEKLY;BYDAY=XX", Locale.FRENCH));
        assertNull(RecurrenceLabel.of("FREQ=WEEKLY;INTERVAL=x", Locale.FRENCH));
    }
}
