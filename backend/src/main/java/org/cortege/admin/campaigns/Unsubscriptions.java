package org.cortege.admin.campaigns;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.cortege.mail.MailService;
import org.cortege.people.Person;
import org.cortege.people.PersonService;

/** Withdraws mailing consent and drops the person's mailings still waiting, in one transaction. */
@Singleton
public class Unsubscriptions {

    private final PersonService people;
    private final MailService mail;

    Unsubscriptions(PersonService people, MailService mail) {
        this.people = people;
        this.mail = mail;
    }

    /** {@code how}: recorded as the withdrawal's wording (never personal data). */
    @Transactional
    public void unsubscribe(Person person, String how) {
        people.withdrawEmailConsent(person.id(), how, person.locale());
        mail.cancelCampaignMailsFor(person.id());
    }
}
