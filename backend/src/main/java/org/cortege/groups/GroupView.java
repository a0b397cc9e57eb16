package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A group as the public sees it, plus what the viewer may do with it. {@code descriptionHtml} is
 * sanitized; {@code description} is the Markdown source, for editing. {@code hidden}: hidden by the
 * moderation, which only admins and the group's managers see, with {@code hiddenReason}.
 */
@Serdeable
public record GroupView(String id, String slug, String name, String type, String typeLabel, String description,
                        String descriptionHtml, String postalCode, String inseeCode, String commune, String departement,
                        @Nullable String address, double lat, double lng, String precision, @Nullable String contactEmail,
                        int memberCount, List<String> managers, Instant createdAt, @Nullable MemberRole myRole,
                        @Nullable Boolean myShareContact, List<String> permissions, boolean hidden, @Nullable String hiddenReason) {
}
