package org.cortege.people;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.cortege.mail.MailMessage;
import org.cortege.mail.MailService;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * The second factor of staff accounts: time-based codes (RFC 6238: HMAC-SHA1, six digits, 30-second
 * steps, what every authenticator app reads from a QR code), one step of clock drift either way,
 * each step accepted once; ten single-use recovery codes kept as hashes. Whoever reads a staff
 * member's mailbox gets a sign-in link, not the contact database.
 */
@Singleton
public class SecondFactorService {

    /** How many recovery codes an enrolment gives. */
    static final int RECOVERY_CODES = 10;
    /** Wrong codes in a row after which the person is told, and after which the factor is locked (operator's reset). */
    static final int WARN_AT = 5;
    static final int LOCK_AT = 20;
    static final Duration PERMIT_TTL = Duration.ofDays(7);

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i to misread

    private final Sql sql;
    private final SessionService sessions;
    private final Admins people;
    private final MailService mail;
    private final InstanceSettings settings;
    private final boolean required;
    private final TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator(STEP, 6);

    SecondFactorService(Sql sql, SessionService sessions, Admins people, MailService mail, InstanceSettings settings,
                        @Property(name = "cortege.staff.second-factor") String policy) {
        this.sql = sql;
        this.sessions = sessions;
        this.people = people;
        this.mail = mail;
        this.settings = settings;
        this.required = switch (policy.strip().toLowerCase(Locale.ROOT)) {
            case "required" -> true;
            case "optional", "" -> false;
            default -> throw new IllegalStateException("CORTEGE_STAFF_TWO_FACTOR must be 'required' or 'optional', not '" + policy + "'");
        };
    }

    /** What the person's enrolment page shows. */
    @io.micronaut.serde.annotation.Serdeable
    public record Status(boolean enrolled, boolean required, boolean permitNeeded, int recoveryCodesLeft, boolean locked) {
    }

    /** What an authenticator app needs to start: the QR code (an SVG data URI drawn here), and the key to type instead. */
    @io.micronaut.serde.annotation.Serdeable
    public record Setup(String secret, String uri, String qrCode) {
    }

    /** Whether staff must have a second factor ({@code CORTEGE_STAFF_TWO_FACTOR=required}). */
    public boolean required() {
        return required;
    }

    /** Whether the person has a confirmed second factor. */
    public boolean enrolled(Long personId) {
        return sql.number("SELECT COUNT(*) FROM person_second_factor WHERE person_id = ? AND confirmed_at IS NOT NULL",
                List.of(personId)) > 0;
    }

    public Status status(Person person) {
        long left = sql.number("SELECT COUNT(*) FROM person_recovery_code WHERE person_id = ? AND used_at IS NULL", List.of(person.id()));
        boolean locked = factor(person.id()).map(f -> f.failures() >= LOCK_AT).orElse(false);
        return new Status(enrolled(person.id()), required, required, (int) left, locked);
    }

    /**
     * A one-time permit to set up an app, valid {@link #PERMIT_TTL}, for an admin to hand over by
     * another way than mail (in person, by phone, on a messaging app): where the factor is required,
     * enrolling takes one, so whoever reads a staff member's mailbox cannot enrol their own phone.
     * Replaces an earlier permit of the person. The caller logs who issued it.
     */
    @Transactional
    public String issuePermit(Person person, @io.micronaut.core.annotation.Nullable Long issuedBy) {
        String code = newRecoveryCode() + "-" + newRecoveryCode().substring(0, 5);
        Instant now = Instant.now();
        sql.update("REPLACE INTO person_second_factor_permit (person_id, code_hash, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                java.util.Arrays.asList(person.id(), Tokens.hash(normalizePermit(code)), now.plus(PERMIT_TTL), issuedBy, now));
        return code;
    }

    /**
     * Starts (or starts again) an enrolment with a new secret; the factor counts only once
     * {@link #confirm} proved the app holds it.
     *
     * @throws ApiException 409 when the person already has a second factor (turn it off first)
     */
    @Transactional
    public Setup begin(Person person, @io.micronaut.core.annotation.Nullable String permit) {
        if (required && !permitValid(person, permit)) {
            throw ApiException.invalidField("permit", permit == null || permit.isBlank() ? "validation.secondFactorPermitNeeded"
                    : "validation.secondFactorPermit");
        }
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        // Only an unfinished enrolment is replaced; a confirmed factor stays, whatever runs beside this.
        sql.update("DELETE FROM person_second_factor WHERE person_id = ? AND confirmed_at IS NULL", List.of(person.id()));
        try {
            sql.update("INSERT INTO person_second_factor (person_id, secret, created_at) VALUES (?, ?, ?)",
                    List.of(person.id(), secret, Instant.now()));
        } catch (RuntimeException e) {
            if (org.cortege.shared.Retry.isDuplicateKey(e)) {
                throw ApiException.of(HttpStatus.CONFLICT, "second-factor-exists", "problem.secondFactorExists");
            }
            throw e;
        }
        String key = new Base32().encodeToString(secret).replace("=", "");
        String issuer = settings.organizationName();
        String uri = "otpauth://totp/" + encode(issuer + ":" + person.email()) + "?secret=" + key + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=6&period=30";
        return new Setup(key, uri, qrCode(uri));
    }

    /**
     * Finishes the enrolment with a first code from the app: the factor is on, this session counts
     * as having proved it, and the recovery codes are returned, this once.
     *
     * @throws ApiException 409 without an enrolment begun, 400 on a wrong code
     */
    @Transactional
    public List<String> confirm(Person person, Long sessionId, String code, @io.micronaut.core.annotation.Nullable String permit) {
        Optional<Factor> factor = factor(person.id());
        if (factor.isEmpty() || factor.get().confirmed()) {
            throw ApiException.of(HttpStatus.CONFLICT, "second-factor-not-begun", "problem.secondFactorNotBegun");
        }
        if (required && !permitValid(person, permit)) {
            throw ApiException.invalidField("permit", "validation.secondFactorPermit");
        }
        if (!acceptTotp(factor.get(), code)) {
            throw ApiException.invalidField("code", "validation.secondFactorCode");
        }
        sql.update("UPDATE person_second_factor SET confirmed_at = ? WHERE person_id = ?", List.of(Instant.now(), person.id()));
        sql.update("DELETE FROM person_second_factor_permit WHERE person_id = ?", List.of(person.id()));
        sql.update("DELETE FROM person_recovery_code WHERE person_id = ?", List.of(person.id()));
        List<String> codes = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String recovery = newRecoveryCode();
            codes.add(recovery);
            rows.add(List.of(person.id(), Tokens.hash(normalizeRecovery(recovery))));
        }
        sql.batch("INSERT INTO person_recovery_code (person_id, code_hash) VALUES (?, ?)", rows);
        sessions.markSecondFactor(sessionId);
        notify(person, "second-factor-on");
        return codes;
    }

    /**
     * Proves the second factor for this session with a code of the app, or a recovery code (used
     * up, and the person is told by mail). False on a wrong or used code (counted).
     *
     * @throws ApiException 409 when the person has no second factor, 403 when it is locked
     */
    @Transactional
    public boolean verify(Person person, Long sessionId, String code) {
        Factor factor = usable(person);
        if (!acceptTotp(factor, code) && !useRecoveryCode(person, code)) {
            failed(person);
            return false; // not thrown: the count of wrong codes must be committed
        }
        succeeded(person);
        sessions.markSecondFactor(sessionId);
        return true;
    }

    /** Whether the person has a factor (so that a code can be wrong): guesses by people without one cost nobody. */
    public boolean has(Person person) {
        return factor(person.id()).filter(Factor::confirmed).isPresent();
    }

    private Factor usable(Person person) {
        Factor factor = factor(person.id()).filter(Factor::confirmed)
                .orElseThrow(() -> ApiException.of(HttpStatus.CONFLICT, "second-factor-none", "problem.secondFactorNone"));
        if (factor.failures() >= LOCK_AT) {
            throw ApiException.of(HttpStatus.FORBIDDEN, "second-factor-locked", "problem.secondFactorLocked");
        }
        return factor;
    }

    /** Counts a wrong code: the person is told at 5, the factor locked at 20. */
    private void failed(Person person) {
        sql.update("UPDATE person_second_factor SET failures = failures + 1 WHERE person_id = ?", List.of(person.id()));
        int failures = factor(person.id()).map(Factor::failures).orElse(0);
        if (failures == WARN_AT) {
            notify(person, "second-factor-failures");
        } else if (failures == LOCK_AT) {
            notify(person, "second-factor-locked");
            people.alertAdmins("second-factor-locked-admin");
        }
    }

    private void succeeded(Person person) {
        sql.update("UPDATE person_second_factor SET failures = 0 WHERE person_id = ? AND failures > 0", List.of(person.id()));
    }

    /**
     * Turns the second factor off, proved by a current code (or a recovery code). Every session of
     * the person must prove it again if it is required; the person is told by mail. False on a wrong
     * code (counted).
     *
     * @throws ApiException 409 when there is none, 403 when it is locked
     */
    @Transactional
    public boolean disable(Person person, String code) {
        Factor factor = usable(person);
        if (!acceptTotp(factor, code) && !useRecoveryCode(person, code)) {
            failed(person);
            return false;
        }
        remove(person);
        return true;
    }

    /** The operator's way out for a lost phone without recovery codes ({@code cortege reset-second-factor}). */
    @Transactional
    public boolean reset(Person person) {
        if (factor(person.id()).isEmpty()) {
            return false;
        }
        remove(person);
        sessions.closeAll(person.id()); // whoever held a session, the owner signs in again and sets up a new app
        return true;
    }

    private void remove(Person person) {
        sql.update("DELETE FROM person_second_factor WHERE person_id = ?", List.of(person.id()));
        sql.update("DELETE FROM person_recovery_code WHERE person_id = ?", List.of(person.id()));
        sessions.forgetSecondFactor(person.id());
        notify(person, "second-factor-off");
    }

    private boolean permitValid(Person person, @io.micronaut.core.annotation.Nullable String permit) {
        return permit != null && sql.number("SELECT COUNT(*) FROM person_second_factor_permit WHERE person_id = ? AND code_hash = ? "
                + "AND expires_at > ?", List.of(person.id(), Tokens.hash(normalizePermit(permit)), Instant.now())) > 0;
    }

    private static String normalizePermit(String raw) {
        return raw.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    private record Factor(Long personId, byte[] secret, boolean confirmed, long lastStep, int failures) {
    }

    private Optional<Factor> factor(Long personId) {
        return sql.list("SELECT secret, confirmed_at IS NOT NULL, last_step, failures FROM person_second_factor WHERE person_id = ?",
                List.of(personId), rs -> new Factor(personId, rs.getBytes(1), rs.getBoolean(2), rs.getLong(3), rs.getInt(4)))
                .stream().findFirst();
    }

    /** A code of the current step or one either side, newer than the last accepted (no replay). */
    private boolean acceptTotp(Factor factor, String raw) {
        String code = raw == null ? "" : raw.replaceAll("[\\s-]", "");
        if (!code.matches("\\d{6}")) {
            return false;
        }
        long now = Instant.now().getEpochSecond() / STEP.getSeconds();
        SecretKeySpec key = new SecretKeySpec(factor.secret(), totp.getAlgorithm());
        for (long step = now - 1; step <= now + 1; step++) {
            if (step <= factor.lastStep()) {
                continue;
            }
            String expected;
            try {
                expected = totp.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.getSeconds()));
            } catch (InvalidKeyException e) {
                throw new IllegalStateException("a 20-byte HMAC-SHA1 key is always valid", e);
            }
            if (java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII))) {
                // Conditional: of two requests with the same code, one wins.
                return sql.update("UPDATE person_second_factor SET last_step = ? WHERE person_id = ? AND last_step < ?",
                        List.of(step, factor.personId(), step)) == 1;
            }
        }
        return false;
    }

    private boolean useRecoveryCode(Person person, String raw) {
        String code = normalizeRecovery(raw);
        if (code.length() != 10) {
            return false;
        }
        boolean used = sql.update("UPDATE person_recovery_code SET used_at = ? WHERE person_id = ? AND code_hash = ? AND used_at IS NULL",
                List.of(Instant.now(), person.id(), Tokens.hash(code))) == 1;
        if (used) {
            notify(person, "recovery-code-used");
        }
        return used;
    }

    private static String normalizeRecovery(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    private static String newRecoveryCode() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                b.append('-');
            }
            b.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
        }
        return b.toString();
    }

    private void notify(Person person, String template) {
        mail.enqueue(new MailMessage(person.email(), person.id(), template, Locale.forLanguageTag(person.locale()),
                new Object[] {person.firstName(), settings.organizationName(), settings.privacyContact()}, null, null, true));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The QR code as an SVG image (a data URI), drawn here: nothing leaves the server to make it. */
    static String qrCode(String text) {
        ByteMatrix matrix;
        try {
            matrix = Encoder.encode(text, ErrorCorrectionLevel.M).getMatrix();
        } catch (WriterException e) {
            throw new IllegalStateException("an otpauth URI always fits a QR code", e);
        }
        int quiet = 4;
        int size = matrix.getWidth() + 2 * quiet;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y) == 1) {
                    path.append('M').append(x + quiet).append(' ').append(y + quiet).append("h1v1h-1z");
                }
            }
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    }
}
