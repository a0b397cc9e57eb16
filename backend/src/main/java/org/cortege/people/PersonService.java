package org.cortege.people;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cortege.geo.GeoService;
import org.cortege.geo.Place;
import org.cortege.mail.MailMessage;
import org.cortege.mail.MailService;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.Retry;
import org.cortege.shared.Tokens;

/**
 * The people feature's public API: sign-up with double opt-in, passwordless login, the person's
 * own profile. Other features call this, never the repositories.
 * Why it is long: sign-up, sign-in, the profile, consents and admin grants still share it; they
 * are the seams along which it splits next (the import's writes already went to PeopleImport).
 */
@Singleton
public class PersonService {

    private final PersonRepository people;
    private final AuthTokenRepository tokens;
    private final MailService mail;
    private final GeoService geo;
    private final InstanceSettings settings;
    private final PeopleProperties properties;
    private final Clock clock;
    private final org.cortege.shared.Sql sql;
    private final Organizers organizers;

    PersonService(PersonRepository people, AuthTokenRepository tokens, MailService mail, GeoService geo,
                  InstanceSettings settings, PeopleProperties properties, org.cortege.shared.Sql sql, Organizers organizers) {
        this.organizers = organizers;
        this.sql = sql;
        this.people = people;
        this.tokens = tokens;
        this.mail = mail;
        this.geo = geo;
        this.settings = settings;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /**
     * Registers a supporter, or re-sends the confirmation of a pending one, and queues the mail in
     * the same transaction. Answers the same whether or not the email was known: a confirmed
     * supporter gets a login link instead, a banned address gets nothing.
     *
     * @throws ApiException 400 on an unknown postal code, interest, too young a birth date, or a
     *                      consent wording that changed since the form was loaded
     */
    @Transactional
    public void signup(SignupCommand command, Locale locale) {
        if (command.consentVersion() != null && !command.consentVersion().isBlank()
                && !command.consentVersion().equals(settings.consentVersion())) {
            throw ApiException.invalidField("consent", "validation.consentChanged");
        }
        Place place = place(command.postalCode(), command.inseeCode());
        LocalDate birthDate = birthDate(command.birthDate());
        List<String> interests = interests(command.interests());
        String email = Inputs.normalizeEmail(command.email());
        Instant now = clock.instant();

        // Lock only a row that exists: FOR UPDATE on an absent key takes a gap lock, and concurrent
        // sign-ups would then deadlock on their inserts. Two sign-ups of one new address race on the
        // unique key instead, and the loser has nothing left to do.
        Optional<Person> existing = people.findByEmail(email).flatMap(p -> people.findByEmailForUpdate(email));
        if (existing.isPresent()) {
            Person person = existing.get();
            if (person.isBanned()) {
                return;
            }
            if (person.isConfirmed()) {
                sendLogin(person, Locale.forLanguageTag(person.locale()), "already-supporter", now);
            } else {
                // A pending sign-up or an imported contact: the consent given on this form rides
                // with the link and is written when the address is proven (confirmSignup).
                sendSignupConfirmation(person, locale, now, true);
            }
            return;
        }
        Person person;
        try {
            person = people.save(new Person(null, Tokens.newPublicId(), email, Inputs.normalizeName(command.firstName()),
                    Inputs.normalizeName(command.lastName()), blankToNull(command.phone()), birthDate, place.country(), place.postalCode(),
                    place.inseeCode(), place.commune(), place.departement(), place.lat(), place.lng(), place.precision(),
                    locale.getLanguage(), Person.PENDING, false, false, "signup", now, null, now, null, true, now));
        } catch (RuntimeException e) {
            if (Retry.isDuplicateKey(e)) {
                return; // the same address signed up in the same instant; that sign-up sends the mail
            }
            throw e;
        }
        for (String interest : interests) {
            people.insertInterest(person.id(), interest);
        }
        people.insertConsent(person.id(), "signup", settings.consentVersion(), locale.getLanguage(),
                settings.consentText(locale), now);
        sendSignupConfirmation(person, locale, now, false);
    }

    /**
     * Confirms a sign-up from the emailed link's token; the link works once.
     *
     * @return the confirmed person, to open a session for
     * @throws ApiException 400 when the token is unknown, used or expired
     */
    @Transactional
    public Person confirmSignup(String token) {
        Instant now = clock.instant();
        AuthToken t = usableToken(token, AuthToken.SIGNUP, now);
        tokens.markUsed(t.id(), now);
        Person person = people.findById(t.personId()).orElseThrow(PersonService::invalidToken);
        if (person.isBanned()) {
            throw invalidToken();
        }
        if (people.countOpenSignupConsents(person.id()) == 0) {
            if (t.consentVersion() == null) {
                throw invalidToken(); // a link from before V19 for someone without consent: sign up again
            }
            // Whatever created the row first (an import, an old sign-up), a supporter holds the consent they gave.
            people.insertConsent(person.id(), "signup", t.consentVersion(), t.consentLocale(), t.consentWording(), now);
            people.giveEmailConsent(person.id(), now);
        }
        return confirmAndLoad(person.id(), now);
    }

    /**
     * Mails a login link and code to a known, unbanned address; does nothing otherwise (same answer).
     * An address of CORTEGE_ADMIN_EMAILS gets its account at its first sign-in, so the first admin
     * need not sign up as a supporter (their place is theirs to give later, from "Mon espace").
     */
    @Transactional
    public void requestLogin(String rawEmail, Locale locale) {
        String email = Inputs.normalizeEmail(rawEmail);
        Optional<Person> person = people.findByEmailForUpdate(email);
        if (person.isEmpty() && email.length() <= 254 && email.matches(Inputs.EMAIL) && settings.isAdminEmail(email)) {
            person = Optional.of(configuredAdmin(email, locale));
        }
        if (person.isEmpty() || person.get().isBanned() || Person.CONTACT.equals(person.get().status())) {
            return; // an imported contact has no account until they sign up (and consent) themselves
        }
        sendLogin(person.get(), locale, "login", clock.instant());
    }

    /**
     * Logs in with the emailed link's token. A pending sign-up becomes confirmed: the link proves
     * the address.
     */
    @Transactional
    public Person confirmLoginToken(String token) {
        Instant now = clock.instant();
        AuthToken t = usableToken(token, AuthToken.LOGIN, now);
        tokens.closeOpen(t.personId(), AuthToken.LOGIN, now); // this one and any other login mail still open
        return confirmAndLoad(t.personId(), now);
    }

    /**
     * Logs in with an email and the 6-digit code of one of its login mails still open (a new request
     * does not cancel the mails already sent: asking codes for someone cannot lock them out). Each
     * wrong code counts against every open code; after {@code cortege.tokens.login-code-attempts}
     * a code stops working.
     */
    @Transactional(noRollbackFor = ApiException.class)
    public Person confirmLoginCode(String rawEmail, String rawCode) {
        Instant now = clock.instant();
        ApiException invalid = ApiException.invalidField("code", "validation.codeInvalid");
        Person person = people.findByEmail(Inputs.normalizeEmail(rawEmail)).orElseThrow(() -> invalid);
        List<AuthToken> open = tokens.findOpenLoginsForUpdate(person.id(), now);
        String code = rawCode.trim();
        for (AuthToken t : open) {
            if (t.attempts() < properties.loginCodeAttempts() && t.codeHash() != null && t.codeHash().equals(codeHash(t.tokenHash(), code))) {
                tokens.closeOpen(person.id(), AuthToken.LOGIN, now);
                return confirmAndLoad(person.id(), now);
            }
        }
        for (AuthToken t : open) {
            if (t.attempts() + 1 >= properties.loginCodeAttempts()) {
                tokens.markUsed(t.id(), now);
            } else {
                tokens.countAttempt(t.id());
            }
        }
        throw invalid;
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

    /** A person by email (normalized), whatever their status. */
    public Optional<Person> findByEmail(String email) {
        return email == null ? Optional.empty() : people.findByEmail(Inputs.normalizeEmail(email)).map(this::asNow);
    }

    /** A person by public id, whatever their status. */
    public Optional<Person> findByPublicId(String publicId) {
        return publicId == null || publicId.length() > 24 ? Optional.empty() : people.findByPublicId(publicId).map(this::asNow);
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

    /** The person with the admin right as it stands now (the stored flag may predate a change of CORTEGE_ADMIN_EMAILS). */
    private Person asNow(Person p) {
        return p.withAdmin(settings.isAdminEmail(p.email()));
    }

    /**
     * Bans a person: they can no longer log in, sign up again with that address, or act; pending
     * mails to them are dropped. Their sessions and groups are the caller's to close.
     */
    @Transactional
    public void ban(Long personId) {
        people.setStatus(personId, Person.BANNED, clock.instant());
        tokens.closeOpen(personId, AuthToken.LOGIN, clock.instant());
        tokens.closeOpen(personId, AuthToken.SIGNUP, clock.instant());
    }

    /**
     * The start of the latest date the person came to (null: none), as the actions' feature knows it:
     * the contact database's "came in the last N days" reads it.
     */
    @Transactional
    public void recordAttendance(Long id, @io.micronaut.core.annotation.Nullable Instant lastAttended) {
        people.updateLastAttended(id, lastAttended);
    }

    /** People told their record would be erased who came back since (signed in, came to an action…) are no longer due. */
    @Transactional
    public int clearRetentionNoticesOfActive() {
        return people.clearRetentionNoticesOfActive();
    }

    /** People (never admins) told before {@code before} that their record would be erased, at most {@code limit}. */
    public List<Long> noticedBefore(Instant before, int limit) {
        return people.findNoticedBefore(before, limit);
    }

    /** Supporters and contacts (never admins) without activity since {@code since} and not told yet, at most {@code limit}. */
    public List<Long> inactiveSince(Instant since, int limit) {
        return people.findInactiveSince(since, limit);
    }

    /** The start of the latest action the person came to (null: none recorded). */
    public @io.micronaut.core.annotation.Nullable Instant lastAttended(Long id) {
        return people.findLastAttended(id).orElse(null);
    }

    /** The inactive contact was told their record will be erased (once: false when they already were). */
    @Transactional
    public boolean markRetentionNotice(Long id, Instant at) {
        return people.markRetentionNotice(id, at) > 0;
    }

    /**
     * The person, locked until the caller's transaction ends: an erasure (a second one of the same
     * person waits, then finds nothing), or a change computed from other features' rows.
     */
    @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
    public Optional<Person> lock(Long id) {
        return people.findByIdForUpdate(id);
    }

    /**
     * The person's row goes, with what only describes them (interests, tags, consents, sessions, second
     * factor: by the database's cascades). The caller has first asked each feature to forget them.
     */
    @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
    public void deleteErased(Long id) {
        people.deleteById(id);
    }

    /** A person by id, whatever their status. */
    public Optional<Person> findAny(Long id) {
        return people.findById(id).map(this::asNow);
    }

    /**
     * A confirmed, unbanned person by id, with their rights as they stand now: an admin removed from
     * CORTEGE_ADMIN_EMAILS or revoked on the command line is no longer one on their next request
     * (the stored flag is corrected on the way).
     */
    @Transactional
    public Optional<Person> findActive(Long id) {
        return people.findById(id).filter(Person::isConfirmed).map(p -> {
            Person now = asNow(p);
            if (now.admin() != p.admin()) {
                people.setAdmin(p.id(), now.admin(), clock.instant());
            }
            return now;
        });
    }

    public MeView view(Person person) {
        return MeView.of(person, people.findInterests(person.id()), organizers.isOrganizer(person.id()));
    }

    /**
     * Applies the person's own changes; null fields keep their value.
     *
     * @throws ApiException 400 on an unknown postal code or interest, an impossible birth date
     */
    @Transactional
    public MeView update(Person person, MeUpdateCommand command) {
        Place place = command.postalCode() == null && command.inseeCode() == null
                ? new Place(person.country(), person.postalCode(), person.inseeCode(), person.commune(), person.departement(),
                        0, person.lat() == null ? 0 : person.lat(), person.lng() == null ? 0 : person.lng(), person.geoPrecision())
                : place(command.postalCode() == null ? person.postalCode() : command.postalCode(), command.inseeCode());
        String phone = command.phone() == null ? person.phone() : blankToNull(command.phone());
        LocalDate birthDate = command.birthDate() == null ? person.birthDate() : birthDate(command.birthDate());
        String firstName = command.firstName() == null ? person.firstName() : Inputs.normalizeName(command.firstName());
        String lastName = command.lastName() == null ? person.lastName() : Inputs.normalizeName(command.lastName());
        if (firstName.isEmpty()) {
            throw ApiException.invalidField("firstName", "validation.NotBlank");
        }
        if (lastName.isEmpty()) {
            throw ApiException.invalidField("lastName", "validation.NotBlank");
        }
        List<String> interests = command.interests() == null ? null : interests(command.interests());
        Instant now = clock.instant();
        people.updateProfile(person.id(), firstName, lastName, phone, birthDate, place.postalCode(), place.inseeCode(),
                place.commune(), place.departement(), place.lat(), place.lng(), place.precision(), now);
        if (interests != null) {
            people.deleteInterests(person.id());
            for (String interest : interests) {
                people.insertInterest(person.id(), interest);
            }
        }
        return view(people.findById(person.id()).orElseThrow());
    }

    /**
     * Gives a person a new address (an admin correcting a typo). Open login and sign-up links of the
     * old address stop working, and the old address is told (in the person's language), so a taken
     * account does not go unnoticed. Closing the person's sessions is the caller's.
     *
     * @throws ApiException 409 when another person already has that address
     */
    @Transactional
    public void changeEmail(Person person, String rawEmail) {
        String email = Inputs.normalizeEmail(rawEmail);
        if (email.equals(person.email())) {
            return;
        }
        if (people.findByEmail(email).isPresent()) {
            throw ApiException.of(HttpStatus.CONFLICT, "email-taken", "problem.emailTaken");
        }
        Instant now = clock.instant();
        try {
            people.updateEmail(person.id(), email, now);
        } catch (RuntimeException e) {
            if (Retry.isDuplicateKey(e)) {
                throw ApiException.of(HttpStatus.CONFLICT, "email-taken", "problem.emailTaken");
            }
            throw e;
        }
        tokens.closeOpen(person.id(), AuthToken.LOGIN, now);
        tokens.closeOpen(person.id(), AuthToken.SIGNUP, now);
        // personId null: the person's mails follow their row, and this one goes to the address they no longer have.
        mail.enqueue(new MailMessage(person.email(), null, "email-changed", Locale.forLanguageTag(person.locale()),
                new Object[] {person.firstName(), settings.organizationName(), email, settings.privacyContact()}, null, null, true));
    }

    /**
     * Stops the movement's mailings to a person (unsubscribe link, or staff recording a request) and
     * records the withdrawal as a consent row ({@code purpose = email}, {@code how} as its wording).
     * Does nothing when consent was already withdrawn; returns whether it changed.
     */
    @Transactional
    public boolean withdrawEmailConsent(Long personId, String how, String locale) {
        Instant now = clock.instant();
        Optional<Person> person = people.findById(personId);
        if (person.isEmpty() || people.withdrawEmailConsent(personId, now) == 0) {
            return false;
        }
        Instant given = person.get().emailConsentAt() == null ? person.get().createdAt() : person.get().emailConsentAt();
        people.insertWithdrawnConsent(personId, "email", settings.consentVersion(), locale, how, given, now);
        return true;
    }

    /**
     * The person themself agrees (again) to receive the movement's mailings, with this wording;
     * recorded as a consent row. Only the person may give it, never staff. Returns whether it changed.
     */
    @Transactional
    public boolean giveEmailConsent(Long personId, String wording, String locale) {
        Instant now = clock.instant();
        if (people.giveEmailConsent(personId, now) == 0) {
            return false;
        }
        people.insertConsent(personId, "email", settings.consentVersion(), locale, wording, now);
        return true;
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
            Place place = place(postalCode, null);
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
        tokens.closeOpen(person.id(), AuthToken.LOGIN, now);
        String token = Tokens.newToken();
        tokens.save(new AuthToken(null, person.id(), AuthToken.LOGIN, Tokens.hash(token), null, 0, now,
                now.plus(properties.loginTtl()), null, null, null, null));
        return link("/connexion/confirmer", token);
    }

    private Person configuredAdmin(String email, Locale locale) {
        Instant now = clock.instant();
        // pending until the sign-in link or code proves the address (confirmAndLoad): whoever types a
        // listed address gets nothing but a mail sent to it, and an unanswered row is purged as any sign-up
        Person person = people.save(new Person(null, Tokens.newPublicId(), email, "Admin", "", null, null, geo.country(), "",
                null, null, null, null, null, null, Messages.normalize(locale.getLanguage()).getLanguage(),
                Person.PENDING, false, false, "operator", now, null, now, null, false, null));
        return people.findById(person.id()).orElseThrow();
    }

    /** Withdraws the command line's grant; the person stays an admin only if CORTEGE_ADMIN_EMAILS lists them. Returns whether they exist. */
    @Transactional
    public boolean revokeAdmin(String rawEmail) {
        Optional<Person> person = rawEmail == null ? Optional.empty() : people.findByEmail(Inputs.normalizeEmail(rawEmail));
        person.ifPresent(p -> people.setAdminGrant(p.id(), false, settings.isAdminEmail(p.email()), clock.instant()));
        return person.isPresent();
    }

    /** A person's consents as given and withdrawn, oldest first. */
    public List<ConsentRecord> consents(Long personId) {
        return people.findConsents(personId);
    }

    /** Replaces the interests of a person (keys checked against the configured list). */
    @Transactional
    public void setInterests(Long personId, List<String> raw) {
        List<String> keys = interests(raw);
        people.deleteInterests(personId);
        for (String interest : keys) {
            people.insertInterest(personId, interest);
        }
    }

    /** A person's interest keys, sorted. */
    public List<String> interestsOf(Long personId) {
        return people.findInterests(personId);
    }

    /**
     * Erases sign-ups left unconfirmed for longer than {@code age} (their rows, consents, tokens),
     * in batches of 1 000; returns how many people were erased. Their mails in the outbox are
     * deleted with them.
     */
    public int purgeUnconfirmed(Duration age) {
        Instant before = clock.instant().minus(age);
        int total = 0;
        int deleted;
        do {
            deleted = Retry.onDeadlock(() -> people.deletePendingCreatedBefore(before));
            total += deleted;
        } while (deleted == 1000);
        return total;
    }

    /** Deletes tokens that expired more than a day ago; returns how many. */
    @Transactional
    public int purgeExpiredTokens() {
        return tokens.deleteExpiredBefore(clock.instant().minus(Duration.ofDays(1)));
    }

    void touch(Long personId) {
        people.touch(personId, clock.instant());
    }

    private Person confirmAndLoad(Long personId, Instant now) {
        Person person = people.findById(personId).orElseThrow(PersonService::invalidToken);
        if (!person.isConfirmed() && !person.isBanned() && "operator".equals(person.source()) && settings.isAdminEmail(person.email())
                && people.countOpenSignupConsents(personId) == 0) {
            // a first admin from CORTEGE_ADMIN_EMAILS, whose address the link or code just proved
            people.insertConsent(personId, "signup", settings.consentVersion(), person.locale(),
                    "Compte d’administration ouvert par la configuration de l’instance (CORTEGE_ADMIN_EMAILS), à la première connexion.", now);
        }
        if (person.isBanned() || !person.isConfirmed() && people.countOpenSignupConsents(personId) == 0) {
            throw invalidToken(); // nobody becomes a confirmed supporter without the consent they gave
        }
        people.confirm(personId, settings.isAdminEmail(person.email()), now);
        return people.findById(personId).orElseThrow();
    }

    private AuthToken usableToken(String token, String purpose, Instant now) {
        if (!Tokens.looksLikeToken(token)) {
            throw invalidToken();
        }
        return tokens.findByTokenHashForUpdate(Tokens.hash(token))
                .filter(t -> t.purpose().equals(purpose) && t.usableAt(now))
                .orElseThrow(PersonService::invalidToken);
    }

    private static ApiException invalidToken() {
        return ApiException.of(HttpStatus.BAD_REQUEST, "invalid-token", "problem.invalidToken");
    }

    /** {@code closeOlder}: false for a person created in this transaction (nothing to close, and no gap lock to take). */
    private void sendSignupConfirmation(Person person, Locale locale, Instant now, boolean closeOlder) {
        if (closeOlder) {
            tokens.closeOpen(person.id(), AuthToken.SIGNUP, now);
        }
        String token = Tokens.newToken();
        tokens.save(new AuthToken(null, person.id(), AuthToken.SIGNUP, Tokens.hash(token), null, 0, now,
                now.plus(properties.signupTtl()), null, settings.consentVersion(), locale.getLanguage(), settings.consentText(locale)));
        mail.enqueue(new MailMessage(person.email(), person.id(), "signup-confirm", locale,
                new Object[] {person.firstName(), settings.organizationName(), properties.signupTtl().toHours()},
                link("/inscription/confirmer", token), null, true));
    }

    /** Earlier login mails stay valid until they expire or one is used: see {@link #confirmLoginCode}. */
    private void sendLogin(Person person, Locale locale, String template, Instant now) {
        String token = Tokens.newToken();
        String code = Tokens.newCode();
        String tokenHash = Tokens.hash(token);
        tokens.save(new AuthToken(null, person.id(), AuthToken.LOGIN, tokenHash, codeHash(tokenHash, code), 0, now,
                now.plus(properties.loginTtl()), null, null, null, null));
        mail.enqueue(new MailMessage(person.email(), person.id(), template, locale,
                new Object[] {person.firstName(), settings.organizationName(), properties.loginTtl().toMinutes()},
                link("/connexion/confirmer", token), code, true));
    }

    /** The code's hash is salted with its token's hash: equal codes of two logins hash apart. */
    private static String codeHash(String tokenHash, String code) {
        return Tokens.hash(tokenHash + ":" + code);
    }

    /** The token rides in the fragment: browsers never send it to a server, a log or a Referer. */
    private String link(String path, String token) {
        return settings.publicUrl() + path + "#token=" + token;
    }

    private Place place(String postalCode, String inseeCode) {
        if (geo.normalizePostalCode(postalCode) == null) {
            throw ApiException.invalidField("postalCode", "validation.postalCodeFormat");
        }
        return geo.resolve(postalCode, inseeCode).orElseThrow(() -> inseeCode == null || inseeCode.isBlank()
                ? ApiException.invalidField("postalCode", "validation.postalCodeUnknown")
                : ApiException.invalidField("inseeCode", "validation.communeNotInPostalCode"));
    }

    private LocalDate birthDate(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("birthDate", "validation.date");
        }
        LocalDate today = LocalDate.now(settings.timeZone());
        if (date.isBefore(LocalDate.of(1900, 1, 1)) || date.isAfter(today)) {
            throw ApiException.invalidField("birthDate", "validation.birthDateRange");
        }
        if (date.plusYears(settings.minimumAge()).isAfter(today)) {
            throw ApiException.invalidField("birthDate", "validation.tooYoung", settings.minimumAge());
        }
        return date;
    }

    private List<String> interests(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(new LinkedHashSet<>(raw));
        for (String key : keys) {
            if (!settings.isInterest(key)) {
                throw ApiException.invalidField("interests", "validation.interestUnknown");
            }
        }
        return keys;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }


    /**
     * After a new geography table, the people placed on a commune's point move to its new point
     * (a pin placed by hand stays). In the background: on a big instance this is a few thousand updates.
     */
    @io.micronaut.runtime.event.annotation.EventListener
    @io.micronaut.scheduling.annotation.Async
    void onGeoChanged(org.cortege.geo.GeoDatasetChanged changed) {
        int moved = movePlacesToTable();
        if (moved > 0) {
            org.slf4j.LoggerFactory.getLogger(getClass()).info("Geography table changed: {} people moved to their commune's new point", moved);
        }
    }

    /** Moves the people on a commune's point to the point the geography table has now; returns how many. */
    public int movePlacesToTable() {
        return geo.moveToTable(people.findCommunePlaces(), people::movePlace);
    }

}
