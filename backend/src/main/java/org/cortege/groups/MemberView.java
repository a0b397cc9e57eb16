package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A member as managers see them: contact details only when the member agreed to share them. */
@Serdeable
public record MemberView(String id, String firstName, String lastName, MemberRole role, boolean shareContact,
                         @Nullable String email, @Nullable String phone, Instant joinedAt) {

    static MemberView of(MemberRow r) {
        return new MemberView(r.publicId(), r.firstName(), r.lastName(), r.role(), r.shareContact(),
                r.shareContact() ? r.email() : null, r.shareContact() ? r.phone() : null, r.joinedAt());
    }
}
