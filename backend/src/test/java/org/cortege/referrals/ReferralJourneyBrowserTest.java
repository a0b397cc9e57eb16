package org.cortege.referrals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * A friend signs up through a supporter's personal link in a real browser (frontend/e2e/referral-journey.mjs),
 * and the supporter sees the credit once the friend's address is proven.
 */
@AppTest
class ReferralJourneyBrowserTest extends ApiTest {

    @Test
    void aFriendSignsUpThroughTheLinkAndTheSupporterSeesTheCredit() throws Exception {
        SignedIn supporter = aConfirmedSupporter();
        GroupRef group = aGroupFoundedBy(supporter.cookie(), unique("Groupe du Panier"), "13002");
        anActionOf(group); // at least one action near the friend, for the suggestions after their confirmation
        String friend = newEmail();
        BrowserJourney.run("referral-journey.mjs", List.of(publicUrl(), supporter.cookie(), group.slug(), friend), question -> {
            if (question.equals("LINK?")) {
                return publicUrl() + "/inscription/confirmer#token=" + TestMail.token(TestMail.awaitMail(friend));
            }
            throw new AssertionError("unexpected question " + question);
        });
        assertEquals(1, count("SELECT COUNT(*) FROM signup_source s JOIN person p ON p.id = s.person_id JOIN person r ON r.id = s.first_referrer_id "
                + "WHERE p.email = ? AND r.email = ? AND s.last_referrer_id = s.first_referrer_id AND s.utm_source = 'affiche' "
                + "AND s.utm_campaign = 'rentrée' AND s.utm_medium IS NULL AND s.confirmed_at IS NOT NULL", friend, supporter.email()));
        assertEquals(1, count("SELECT COUNT(*) FROM event_rsvp r JOIN person p ON p.id = r.person_id WHERE p.email = ? AND r.status = 'CONFIRMED'",
                friend), "the one-tap answer of the suggestions");
    }
}
