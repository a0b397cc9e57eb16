package org.cortege.people;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
import org.cortege.shared.RateLimiter;
import org.cortege.shared.Retry;
import org.cortege.shared.Tokens;

/**
 * Signing up and signing in, both proven by mail: a sign-up with double opt-in (the consent given on
 * the form rides with the link and is written when the address is proven), and passwordless login
 * by link or 6-digit code. Answers the same whether or not an address is known.
 */
@Singleton
public class SignInService {

    private final PersonRepository people;
    private final AuthTokenRepository tokens;
    private final MailService mail;
    private final GeoService geo;
    private final InstanceSettings settings;
    private final PeopleProperties properties;
    private final ProfileInputs inputs;
    private final RateLimiter rateLimiter;
    private final InterestRows interestRows;
    private final ApplicationEventPublisher<SignedUp> signedUp;
    private final ApplicationEventPublisher<SignupConfirmed> confirmed;
    private final Clock clock = Clock.systemUTC();

    SignInService(PersonRepository people, AuthTokenRepository tokens, MailService mail, GeoService geo, InstanceSettings settings, PeopleProperties properties, ProfileInputs inputs,
                  RateLimiter rateLimiter, InterestRows interestRows, ApplicationEventPublisher<SignedUp> signedUp,
                  ApplicationEventPublisher<SignupConfirmed> confirmed) {
        this.people = people;
        this.signedUp = signedUp;
        this.confirmed = confirmed;
        this.interestRows = interestRows;
        this.tokens = tokens;
        this.mail = mail;
        this.geo = geo;
        this.settings = settings;
        this.properties = properties;
        this.inputs = inputs;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Registers a supporter, or re-sends the confirmation of a pending one, and queues the mail in
     * the same transaction. Answers the same whether or not the email was known: a confirmed
     * supporter gets a login link instead, a banned address gets nothing.
     *
     * The per-address and per-email limits are counted in this same transaction (one commit for
     * the whole sign-up): a sign-up refused with a 400 spends no token here, see
     * {@link #countRefusedSignup}.
     *
     * @throws ApiException 400 on an unknown postal code, interest, too young a birth date, or a
     *                      consent wording that changed since the form was loaded; 429 over a limit
     */
    // READ COMMITTED: a new address's bucket is first looked up locked where no row exists yet, which
    // under REPEATABLE READ takes a gap lock held to the end of the sign-up; two new addresses whose
    // keys fall in one gap then deadlock on their inserts (a TV-night rush retried them, one ran out
    // of retries: a 503). READ COMMITTED takes no gap lock; unique keys still serialise one address.
    @Transactional(isolation = io.micronaut.transaction.TransactionDefinition.Isolation.READ_COMMITTED)
    public void signup(SignupCommand command, Locale locale, String clientAddress) {
        rateLimiter.consumeInTransaction("signup-per-ip", clientAddress);
        rateLimiter.consumeInTransaction("signup-per-email", Inputs.normalizeEmail(command.email()));
        if (command.consentVersion() != null && !command.consentVersion().isBlank()
                && !command.consentVersion().equals(settings.consentVersion())) {
            throw ApiException.invalidField("consent", "validation.consentChanged");
        }
        Place place = inputs.place(command.postalCode(), command.inseeCode());
        LocalDate birthDate = inputs.birthDate(command.birthDate());
        List<String> interests = inputs.interests(command.interests());
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
                    Inputs.normalizeName(command.lastName()), ProfileInputs.blankToNull(command.phone()), birthDate, place.country(), place.postalCode(),
                    place.inseeCode(), place.commune(), place.departement(), place.lat(), place.lng(), place.precision(),
                    locale.getLanguage(), Person.PENDING, false, false, "signup", now, null, now, null, true, now));
        } catch (RuntimeException e) {
            if (Retry.isDuplicateKey(e)) {
                return; // the same address signed up in the same instant; that sign-up sends the mail
            }
            throw e;
        }
        interestRows.insert(person.id(), interests);
        people.insertConsent(person.id(), "signup", settings.consentVersion(), locale.getLanguage(),
                settings.consentText(locale), now);
        Long token = sendSignupConfirmation(person, locale, now, false);
        if (command.source() != null && !command.source().isEmpty()) {
            signedUp.publishEvent(new SignedUp(person.id(), token, command.source())); // only a new person's source: a known address learns nothing
        }
    }

    /**
     * Spends the tokens a sign-up refused with a 400 did not (its transaction rolled back): wrong tries
     * count too. Both are spent even when the first bucket is empty, and the 400 stays the answer.
     */
    public void countRefusedSignup(SignupCommand command, String clientAddress) {
        rateLimiter.tryConsume("signup-per-ip", clientAddress);
        rateLimiter.tryConsume("signup-per-email", Inputs.normalizeEmail(command.email()));
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
        Person person = people.findById(t.personId()).orElseThrow(SignInService::invalidToken);
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
        return confirmAndLoad(person.id(), now, t.id());
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
            try {
                person = Optional.of(configuredAdmin(email, locale));
            } catch (RuntimeException e) {
                if (!Retry.isDuplicateKey(e)) {
                    throw e;
                }
                // the same first sign-in asked twice at once (a double tap, two tabs): the other request made the row
                person = people.findByEmailForUpdate(email);
            }
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
        return confirmAndLoad(t.personId(), now, null);
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
                return confirmAndLoad(person.id(), now, null);
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

    private Person configuredAdmin(String email, Locale locale) {
        Instant now = clock.instant();
        // pending until the sign-in link or code proves the address (confirmAndLoad): whoever types a
        // listed address gets nothing but a mail sent to it, and an unanswered row is purged as any sign-up
        Person person = people.save(new Person(null, Tokens.newPublicId(), email, "Admin", "", null, null, geo.country(), "",
                null, null, null, null, null, null, Messages.normalize(locale.getLanguage()).getLanguage(),
                Person.PENDING, false, false, "operator", now, null, now, null, false, null));
        return people.findById(person.id()).orElseThrow();
    }

    /** {@code signupToken}: the sign-up link's token that proved the address, null for a sign-in link or code. */
    private Person confirmAndLoad(Long personId, Instant now, @io.micronaut.core.annotation.Nullable Long signupToken) {
        Person person = people.findById(personId).orElseThrow(SignInService::invalidToken);
        if (!person.isConfirmed() && !person.isBanned() && "operator".equals(person.source()) && settings.isAdminEmail(person.email())
                && people.countOpenSignupConsents(personId) == 0) {
            // a first admin from CORTEGE_ADMIN_EMAILS, whose address the link or code just proved
            people.insertConsent(personId, "signup", settings.consentVersion(), person.locale(),
                    "Compte d’administration ouvert par la configuration de l’instance (CORTEGE_ADMIN_EMAILS), à la première connexion.", now);
        }
        if (person.isBanned() || !person.isConfirmed() && people.countOpenSignupConsents(personId) == 0) {
            throw invalidToken(); // nobody becomes a confirmed supporter without the consent they gave
        }
        boolean admin = settings.isAdminEmail(person.email());
        if (people.confirmPending(personId, admin, now) == 1) {
            confirmed.publishEvent(new SignupConfirmed(personId, signupToken)); // once: a concurrent confirmation updates nothing here
        } else {
            people.confirm(personId, admin, now);
        }
        return people.findById(personId).orElseThrow();
    }

    private AuthToken usableToken(String token, String purpose, Instant now) {
        if (!Tokens.looksLikeToken(token)) {
            throw invalidToken();
        }
        return tokens.findByTokenHashForUpdate(Tokens.hash(token))
                .filter(t -> t.purpose().equals(purpose) && t.usableAt(now))
                .orElseThrow(SignInService::invalidToken);
    }

    private static ApiException invalidToken() {
        return ApiException.of(HttpStatus.BAD_REQUEST, "invalid-token", "problem.invalidToken");
    }

    /** {@code closeOlder}: false for a person created in this transaction (nothing to close, and no gap lock to take). */
    private Long sendSignupConfirmation(Person person, Locale locale, Instant now, boolean closeOlder) {
        if (closeOlder) {
            tokens.closeOpen(person.id(), AuthToken.SIGNUP, now);
        }
        String token = Tokens.newToken();
        AuthToken saved = tokens.save(new AuthToken(null, person.id(), AuthToken.SIGNUP, Tokens.hash(token), null, 0, now,
                now.plus(properties.signupTtl()), null, settings.consentVersion(), locale.getLanguage(), settings.consentText(locale)));
        mail.enqueue(new MailMessage(person.email(), person.id(), "signup-confirm", locale,
                new Object[] {person.firstName(), settings.organizationName(), properties.signupTtl().toHours()},
                link("/inscription/confirmer", token), null, true));
        return saved.id();
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

    /** A sign-in link for the operator's command (valid {@code cortege.tokens.login-ttl}); earlier ones stop working. */
    String loginLink(Person person, Instant now) {
        tokens.closeOpen(person.id(), AuthToken.LOGIN, now);
        String token = Tokens.newToken();
        tokens.save(new AuthToken(null, person.id(), AuthToken.LOGIN, Tokens.hash(token), null, 0, now,
                now.plus(properties.loginTtl()), null, null, null, null));
        return link("/connexion/confirmer", token);
    }

    /** The code's hash is salted with its token's hash: equal codes of two logins hash apart. */
    private static String codeHash(String tokenHash, String code) {
        return Tokens.hash(tokenHash + ":" + code);
    }

    /** The token rides in the fragment: browsers never send it to a server, a log or a Referer. */
    String link(String path, String token) {
        return settings.publicUrl() + path + "#token=" + token;
    }

}
