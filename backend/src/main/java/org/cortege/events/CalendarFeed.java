package org.cortege.events;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A supporter's private calendar feed: only the hash of its secret link is kept. */
@MappedEntity("calendar_feed")
record CalendarFeed(@Id Long personId, String tokenHash, Instant createdAt) {
}
