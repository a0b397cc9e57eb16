package org.cortege.people;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cortege.geo.Place;
import org.cortege.mail.MailMessage;
import org.cortege.mail.MailService;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Tokens;

/**
 * Who the admins are: the operator's grants from the command line, the addresses of
 * CORTEGE_ADMIN_EMAILS (brought in line at every start), and the admins to tell of a security event
 * or of the platform's reports.
 */
@Singleton
public class Admins {

    private final PersonRepository people;
    private final MailService mail;
    private final InstanceSettings settings;
    private final org.cortege.shared.Sql sql;
    private final ProfileInputs inputs;
    private final SignInService signIn;
    private final Clock clock = Clock.systemUTC();

    Admins(PersonRepository people, MailService mail, InstanceSettings settings, org.cortege.shared.Sql sql, ProfileInputs inputs, SignInService signIn) {
        this.people = people;
        this.mail = mail;
        this.settings = settings;
        this.sql = sql;
        this.inputs = inputs;
        this.signIn = signIn;
    }

    /**
     * Mails every confirmed admin (at most 50) a security alert: template {@code <template>} of
     * {@code mail_*.properties} with their first name and the organization's, linking to the
     * administration, each in their language.
     */
    @Transactional
    public void alertAdmins(String template) {
        for (Person admin : people.findTop50ByAdminAndStatus(true, Person.CONFIRMED)) {
            mail.enqueue(new MailMessage(admin.email(), admin.id(), template, Locale.forLanguageTag(admin.locale()),
                    new Object[] {admin.firstName(), settings.organizationName()}, settings.publicUrl() + "/admin", null, true));
        }
    }

    /** The confirmed admins (at most 50, the oldest first): who gets the platform's reports. */
    public List<Person> admins() {
        return people.findTop50ByAdminAndStatus(true, Person.CONFIRMED);
    }

    /**
     * Brings every stored admin flag in line with the operator's grants and CORTEGE_ADMIN_EMAILS as
     * configured now (at start-up: an address removed from the list stops being an admin at once,
     * not at its next sign-in). Reads only the current admins and the listed addresses (indexes);
     * a granted row is an admin unless banned, so no other row can be wrong. Returns how many changed.
     */
    @Transactional
    public int syncAdmins() {
        List<Object> listed = new ArrayList<>(settings.adminEmails());
        String in = listed.isEmpty() ? "FALSE" : "email IN (" + org.cortege.shared.Sql.marks(listed.size()) + ")";
        List<Object> params = new ArrayList<>(listed);
        params.addAll(listed);
        return sql.update("UPDATE person SET admin = NOT admin WHERE (admin = TRUE OR " + in + ") "
                + "AND admin <> ((admin_granted OR " + in + ") AND status <> 'BANNED')", params);
    }

    /**
     * Makes a person an admin from the command line, creating them (confirmed, French by default) if
     * the address is unknown, and returns a sign-in link valid {@code cortege.tokens.login-ttl}
     * (15 minutes), so the first admin can sign in before mail works.
     *
     * @throws ApiException 400 on an invalid address, name or postal code
     */
    @Transactional
    public String grantAdmin(String rawEmail, String firstName, String lastName, String postalCode) {
        String email = rawEmail == null ? "" : Inputs.normalizeEmail(rawEmail);
        if (email.length() > 254 || !email.matches(Inputs.EMAIL)) {
            throw ApiException.invalidField("email", "validation.email");
        }
        Instant now = clock.instant();
        Person person = people.findByEmail(email).orElse(null);
        if (person == null) {
            Place place = inputs.place(postalCode, null);
            String first = firstName == null ? "" : Inputs.normalizeName(firstName);
            String last = lastName == null ? "" : Inputs.normalizeName(lastName);
            if (first.length() > 100 || last.length() > 100 || !first.matches(Inputs.NAME) || !last.matches(Inputs.NAME)) {
                throw ApiException.invalidField("firstName", "validation.name");
            }
            person = people.save(new Person(null, Tokens.newPublicId(), email, first, last, null, null, place.country(), place.postalCode(),
                    place.inseeCode(), place.commune(), place.departement(), place.lat(), place.lng(), place.precision(), "fr",
                    Person.CONFIRMED, true, true, "operator", now, now, now, null, false, null));
            people.insertConsent(person.id(), "signup", settings.consentVersion(), "fr",
                    "Compte d’administration créé par l’opérateur de l’instance (ligne de commande).", now);
        }
        if (people.countOpenSignupConsents(person.id()) == 0) {
            people.insertConsent(person.id(), "signup", settings.consentVersion(), "fr",
                    "Compte d’administration ouvert par l’opérateur de l’instance (ligne de commande).", now);
        }
        people.setAdminGrant(person.id(), true, settings.isAdminEmail(email), now);
        return signIn.loginLink(person, now);
    }

    /** Withdraws the command line's grant; the person stays an admin only if CORTEGE_ADMIN_EMAILS lists them. Returns whether they exist. */
    @Transactional
    public boolean revokeAdmin(String rawEmail) {
        Optional<Person> person = rawEmail == null ? Optional.empty() : people.findByEmail(Inputs.normalizeEmail(rawEmail));
        person.ifPresent(p -> people.setAdminGrant(p.id(), false, settings.isAdminEmail(p.email()), clock.instant()));
        return person.isPresent();
    }

}
