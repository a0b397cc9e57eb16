package org.cortege.mail;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/** {@code cortege.mail.*}: sender address, SMTP server, delivery pace. */
@ConfigurationProperties("cortege.mail")
public record MailProperties(String from, Duration pollInterval, int maxAttempts, Duration outagePauseMax,
                             @io.micronaut.core.bind.annotation.Bindable(defaultValue = "4") int connections,
                             @io.micronaut.core.bind.annotation.Bindable(defaultValue = "2m") Duration claim, Smtp smtp) {

    @ConfigurationProperties("smtp")
    public record Smtp(@Nullable String host, int port, @Nullable String username, @Nullable String password,
                       String tls, Duration timeout) {

        /** No host: mails go to the log (the embedded default, to try the platform without a mail server). */
        public boolean configured() {
            return host != null && !host.isBlank();
        }
    }
}
