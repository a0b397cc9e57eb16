package org.cortege.admin;

import io.micronaut.serde.annotation.Serdeable;

/** A tag and how many people (within the viewer's territory) carry it. */
@Serdeable
public record TagView(long id, String name, long count) {
}
