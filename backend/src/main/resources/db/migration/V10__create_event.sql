-- Actions (events) published by groups, public as soon as created; moderation after the fact.
-- An action holds what its organisers wrote; its occurrences (one, or one per date of its
-- recurrence rule) are what people find, join, and see on the map and in calendars.
CREATE TABLE event (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id        VARCHAR(24)   NOT NULL,
    slug             VARCHAR(160)  NOT NULL,
    group_id         BIGINT        NOT NULL,
    title            VARCHAR(140)  NOT NULL,
    type             VARCHAR(40)   NOT NULL,
    description_md   TEXT          NOT NULL,
    description_html TEXT          NOT NULL,
    time_zone        VARCHAR(40)   NOT NULL,          -- the movement's zone when written: local times below are in it
    local_start      DATETIME      NOT NULL,          -- first occurrence, wall-clock time (midnight when all day)
    local_end        DATETIME      NOT NULL,          -- exclusive end (the next midnight when all day)
    all_day          BOOLEAN       NOT NULL DEFAULT FALSE,
    rrule            VARCHAR(200)  NULL,              -- RFC 5545 RRULE subset (WEEKLY/MONTHLY, COUNT or UNTIL)
    online           BOOLEAN       NOT NULL DEFAULT FALSE,
    online_url       VARCHAR(500)  NULL,
    address          VARCHAR(200)  NULL,
    postal_code      VARCHAR(10)   NULL,
    insee_code       VARCHAR(10)   NULL,
    commune          VARCHAR(120)  NULL,
    departement      VARCHAR(3)    NULL,
    lat              DOUBLE        NULL,
    lng              DOUBLE        NULL,
    geo_precision    VARCHAR(12)   NULL,
    capacity         INT           NULL,
    status           VARCHAR(12)   NOT NULL,          -- PUBLISHED, CANCELLED, HIDDEN
    hidden_reason    VARCHAR(500)  NULL,
    cancelled_at     DATETIME(6)   NULL,              -- kept when moderation hides a cancelled action, so restoring it keeps it cancelled
    sequence         INT           NOT NULL DEFAULT 0, -- iCalendar SEQUENCE, raised on every change people must know
    created_by       BIGINT        NULL,
    created_at       DATETIME(6)   NOT NULL,
    updated_at       DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_event_public_id (public_id),
    UNIQUE KEY uk_event_slug (slug),
    KEY idx_event_group (group_id, status),
    KEY idx_event_created_by (created_by),
    CONSTRAINT fk_event_group FOREIGN KEY (group_id) REFERENCES support_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_created_by FOREIGN KEY (created_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Groups co-organising an action (besides the group that published it).
CREATE TABLE event_cohost (
    event_id   BIGINT NOT NULL,
    group_id   BIGINT NOT NULL,
    PRIMARY KEY (event_id, group_id),
    KEY idx_event_cohost_group (group_id),
    CONSTRAINT fk_event_cohost_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_cohost_group FOREIGN KEY (group_id) REFERENCES support_group (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- One row per date of an action. state sums up the action's and the date's status:
-- ON (takes place, on the map), CANCELLED (shown as such in lists and calendars), HIDDEN (moderation).
CREATE TABLE event_occurrence (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id        VARCHAR(24)   NOT NULL,
    event_id         BIGINT        NOT NULL,
    recurrence_id    DATETIME      NOT NULL,          -- the date's original start (UTC): its RECURRENCE-ID, stable when moved
    starts_at        DATETIME      NOT NULL,          -- UTC
    ends_at          DATETIME      NOT NULL,          -- UTC, exclusive
    cancelled        BOOLEAN       NOT NULL DEFAULT FALSE,
    moved            BOOLEAN       NOT NULL DEFAULT FALSE,
    state            VARCHAR(10)   NOT NULL,
    sequence         INT           NOT NULL DEFAULT 0,
    -- copied from the action so that the map and the listing read one table
    group_id         BIGINT        NOT NULL,
    type             VARCHAR(40)   NOT NULL,
    departement      VARCHAR(3)    NULL,
    lat              DOUBLE        NULL,
    lng              DOUBLE        NULL,
    -- a 0.1° × 0.1° square of the map (about 11 × 8 km in France): "near a place" reads the few
    -- squares around it through idx_event_occurrence_cell instead of a whole band of latitude
    geo_cell         INT AS (FLOOR((lat + 90) * 10) * 3600 + FLOOR((lng + 180) * 10)) PERSISTENT,
    rsvp_count       INT           NOT NULL DEFAULT 0,
    attended_count   INT           NOT NULL DEFAULT 0,
    reminder_sent_at DATETIME(6)   NULL,
    UNIQUE KEY uk_event_occurrence_public_id (public_id),
    UNIQUE KEY uk_event_occurrence_recurrence (event_id, recurrence_id),
    KEY idx_event_occurrence_time (state, starts_at, lat, lng, ends_at),
    KEY idx_event_occurrence_geo (state, lat, lng, starts_at),
    KEY idx_event_occurrence_cell (state, geo_cell, starts_at, ends_at, lat, lng),
    KEY idx_event_occurrence_group (group_id, starts_at),
    KEY idx_event_occurrence_departement (state, departement, starts_at),
    KEY idx_event_occurrence_reminder (reminder_sent_at, state, starts_at),
    CONSTRAINT fk_event_occurrence_event FOREIGN KEY (event_id) REFERENCES event (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- "I come": a supporter, or a visitor (name + email, confirmed by mail), for one date.
CREATE TABLE event_rsvp (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id        VARCHAR(24)   NOT NULL,
    occurrence_id    BIGINT        NOT NULL,
    person_id        BIGINT        NULL,
    guest_name       VARCHAR(100)  NULL,
    guest_email      VARCHAR(254)  NULL,
    locale           VARCHAR(8)    NOT NULL,
    attendee_key     VARCHAR(80)   NOT NULL,          -- p:<person id> or e:<sha-256 of the email>: one answer per person and date
    status           VARCHAR(10)   NOT NULL,          -- PENDING (visitor not confirmed yet), CONFIRMED, CANCELLED
    share_contact    BOOLEAN       NOT NULL DEFAULT FALSE,
    attended         BOOLEAN       NOT NULL DEFAULT FALSE,
    token_hash       CHAR(64)      NULL,              -- visitor's confirmation link
    token_expires_at DATETIME(6)   NULL,
    created_at       DATETIME(6)   NOT NULL,
    updated_at       DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_event_rsvp_public_id (public_id),
    UNIQUE KEY uk_event_rsvp_attendee (occurrence_id, attendee_key),
    UNIQUE KEY uk_event_rsvp_token (token_hash),
    KEY idx_event_rsvp_person (person_id),
    CONSTRAINT fk_event_rsvp_occurrence FOREIGN KEY (occurrence_id) REFERENCES event_occurrence (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_rsvp_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A supporter's private calendar feed (the actions they said they come to), by secret link.
CREATE TABLE calendar_feed (
    person_id        BIGINT        NOT NULL PRIMARY KEY,
    token_hash       CHAR(64)      NOT NULL,
    created_at       DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_calendar_feed_token (token_hash),
    CONSTRAINT fk_calendar_feed_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB;
