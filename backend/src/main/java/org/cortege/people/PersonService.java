package org.cortege.people;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
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
import org.cortege.shared.Retry;

/**
 * The people feature's public API for a person's record: finding people, their own profile and
 * interests, their address changed by staff, their mailing consent, bans, attendance and the
 * inactive contacts' notices, and the purges. Signing up and in is {@link SignInService}, who the
 * admins are {@link Admins}. Other features call these, never the repositories.
 */
@Singleton
public class PersonService {

    private final PersonRepository people;
    private final AuthTokenRepository tokens;
    private final MailService mail;
    private final GeoService geo;
    private final InstanceSettings settings;
    private final ProfileInputs inputs;
    private final Organizers organizers;
    private final InterestRows interestRows;
    private final Clock clock = Clock.systemUTC();

    PersonService(PersonRepository people, AuthTokenRepository tokens, MailService mail, GeoService geo,
                  InstanceSettings settings, ProfileInputs inputs, Organizers organizers, InterestRows interestRows) {
        this.people = people;
        this.interestRows = interestRows;
        this.tokens = tokens;
        this.mail = mail;
        this.geo = geo;
        this.settings = settings;
        this.inputs = inputs;
        this.organizers = organizers;
    }

    /** A person by email (normalized), whatever their status. */
    public Optional<Person> findByEmail(String email) {
        return email == null ? Optional.empty() : people.findByEmail(Inputs.normalizeEmail(email)).map(this::asNow);
    }

    /** A person by public id, whatever their status. */
    public Optional<Person> findByPublicId(String publicId) {
        return publicId == null || publicId.length() > 24 ? Optional.empty() : people.findByPublicId(publicId).map(this::asNow);
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

    /** A person's name and public id, as the access log shows who acted on whom. */
    public record Named(Long id, String publicId, String name) {
    }

    /** The names of the people among these ids and public ids that still exist (an erased person has none). */
    public List<Named> names(java.util.Collection<Long> ids, java.util.Collection<String> publicIds) {
        List<Named> named = new java.util.ArrayList<>();
        if (!ids.isEmpty()) {
            people.findByIdIn(ids).forEach(p -> named.add(new Named(p.id(), p.publicId(), p.firstName() + " " + p.lastName())));
        }
        if (!publicIds.isEmpty()) {
            people.findByPublicIdIn(publicIds).forEach(p -> named.add(new Named(p.id(), p.publicId(), p.firstName() + " " + p.lastName())));
        }
        return named;
    }

    /** First names only, of the confirmed people among these ids (what a group's managers may see of someone outside it). */
    public java.util.Map<Long, String> firstNames(java.util.Collection<Long> ids) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            people.findByIdIn(ids).stream().filter(Person::isConfirmed).forEach(p -> names.put(p.id(), p.firstName()));
        }
        return names;
    }

    /** The confirmed people among these ids, whole (to write to them: address, first name, language). */
    public List<Person> confirmedAmong(java.util.Collection<Long> ids) {
        return ids.isEmpty() ? List.of() : people.findByIdIn(ids).stream().filter(Person::isConfirmed).toList();
    }

    /** A person's tie to the movement and since when; both null for neither. */
    public record Tie(@io.micronaut.core.annotation.Nullable Relation relation,
                      @io.micronaut.core.annotation.Nullable java.time.LocalDate since) {
    }

    public Tie tieOf(Long id) {
        return people.findRelation(id).map(r -> new Tie(r.relation() == null ? null : Relation.valueOf(r.relation()), r.relationSince()))
                .orElse(new Tie(null, null));
    }

    /** Records that the person is a member or a regular contact since that day, or neither ({@code relation} null). */
    @Transactional
    public void setTie(Long id, @io.micronaut.core.annotation.Nullable Relation relation,
                       @io.micronaut.core.annotation.Nullable java.time.LocalDate since) {
        people.updateRelation(id, relation == null ? null : relation.name(), relation == null ? null : since, clock.instant());
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
                : inputs.place(command.postalCode() == null ? person.postalCode() : command.postalCode(), command.inseeCode());
        String phone = command.phone() == null ? person.phone() : ProfileInputs.blankToNull(command.phone());
        LocalDate birthDate = command.birthDate() == null ? person.birthDate() : inputs.birthDate(command.birthDate());
        String firstName = command.firstName() == null ? person.firstName() : Inputs.normalizeName(command.firstName());
        String lastName = command.lastName() == null ? person.lastName() : Inputs.normalizeName(command.lastName());
        if (firstName.isEmpty()) {
            throw ApiException.invalidField("firstName", "validation.NotBlank");
        }
        if (lastName.isEmpty()) {
            throw ApiException.invalidField("lastName", "validation.NotBlank");
        }
        List<String> interests = command.interests() == null ? null : inputs.interests(command.interests());
        Instant now = clock.instant();
        people.updateProfile(person.id(), firstName, lastName, phone, birthDate, place.postalCode(), place.inseeCode(),
                place.commune(), place.departement(), place.lat(), place.lng(), place.precision(), now);
        if (interests != null) {
            people.deleteInterests(person.id());
            interestRows.insert(person.id(), interests);
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

    /** A person's consents as given and withdrawn, oldest first. */
    public List<ConsentRecord> consents(Long personId) {
        return people.findConsents(personId);
    }

    /** Replaces the interests of a person (keys checked against the configured list). */
    @Transactional
    public void setInterests(Long personId, List<String> raw) {
        List<String> keys = inputs.interests(raw);
        people.deleteInterests(personId);
        interestRows.insert(personId, keys);
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
