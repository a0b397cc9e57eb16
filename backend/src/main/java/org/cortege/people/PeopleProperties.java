package org.cortege.people;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code cortege.tokens.*}: how long emailed links and codes stay valid, how many code guesses a login allows. */
@ConfigurationProperties("cortege.tokens")
public record PeopleProperties(Duration signupTtl, Duration loginTtl, int loginCodeAttempts) {
}
