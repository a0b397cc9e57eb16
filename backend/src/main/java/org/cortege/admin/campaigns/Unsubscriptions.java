package org.cortege.admin.campaigns;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.cortege.mail.MailService;
import org.cortege.people.Person;
import org.cortege.people.PersonService;

/** Withdraws mailing consent and drops the person's mailings still waiting, in one transaction. */
@Singleton
class Unsubscriptions {

    private final PersonService people;
    private final MailService mail;

    Unsubscriptions(PersonService people, MailService mail) {
        this.people = people;
        this.mail = mail;
    }

    @Transactional
    void unsubscribe(Person person) {
        people.withdrawEmailConsent(person.id(), "unsubscribe link in a mailing", person.locale());
        mail.cancelCampaignMailsFor(person.id());
    }
}
