package org.cortege.moderation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

@Serdeable
public record AuditView(@Nullable String actor, String action, String targetType, String targetId, @Nullable String reason,
                        Instant createdAt, @Nullable String targetName, @Nullable String targetPath) {

    /** The same entry, naming what it is about ("Groupe du Panier") and where it is, for the moderation page. */
    AuditView naming(@Nullable String name, @Nullable String path) {
        return new AuditView(actor, action, targetType, targetId, reason, createdAt, name, path);
    }
}
