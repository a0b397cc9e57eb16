package org.cortege.groups;

import io.micronaut.core.annotation.Introspected;

@Introspected
record Recipient(Long personId, String publicId, String email, String firstName, String locale) {
}
