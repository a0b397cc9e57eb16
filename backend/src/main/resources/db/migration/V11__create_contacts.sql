-- The movement's contact database: email consent as a column segments can filter on, full-text
-- search on names and emails, tags, saved segments, and organizers scoped to départements.

-- email_consent: the person agreed to receive the movement's mailings (the sign-up consent says so;
-- an import states it per row). Unsubscribing clears it and writes a withdrawn row in `consent`.
ALTER TABLE person
    ADD COLUMN email_consent BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN email_consent_at DATETIME(6) NULL,
    ADD KEY idx_person_created (created_at),
    ADD KEY idx_person_last_name (last_name, first_name),
    ADD KEY idx_person_birth_date (birth_date),
    ADD KEY idx_person_geo (lat, lng),
    ADD KEY idx_person_departement_birth (departement, birth_date);

ALTER TABLE person ADD FULLTEXT KEY ft_person_names (first_name, last_name, email);

UPDATE person SET email_consent = TRUE, email_consent_at = COALESCE(confirmed_at, created_at)
 WHERE status IN ('PENDING', 'CONFIRMED');

-- "Actions attended or RSVP'd in a date range" reads answers by person.
ALTER TABLE event_rsvp ADD KEY idx_event_rsvp_person_status (person_id, status, attended, occurrence_id);

CREATE TABLE tag (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name        VARCHAR(60)  NOT NULL,
    name_key    VARCHAR(60)  NOT NULL,          -- lower-cased, accents kept: "Jeunes" and "jeunes" are one tag
    created_by  BIGINT       NULL,
    created_at  DATETIME(6)  NOT NULL,
    UNIQUE KEY uk_tag_name_key (name_key),
    CONSTRAINT fk_tag_created_by FOREIGN KEY (created_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE person_tag (
    person_id  BIGINT      NOT NULL,
    tag_id     BIGINT      NOT NULL,
    tagged_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (person_id, tag_id),
    KEY idx_person_tag_tag (tag_id, person_id),
    CONSTRAINT fk_person_tag_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE,
    CONSTRAINT fk_person_tag_tag FOREIGN KEY (tag_id) REFERENCES tag (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A named filter, stored as its rule tree (JSON) and evaluated at each use: it stays up to date.
CREATE TABLE segment (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id   VARCHAR(24)   NOT NULL,
    name        VARCHAR(120)  NOT NULL,
    definition  TEXT          NOT NULL,
    created_by  BIGINT        NULL,
    created_at  DATETIME(6)   NOT NULL,
    updated_at  DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_segment_public_id (public_id),
    CONSTRAINT fk_segment_created_by FOREIGN KEY (created_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An organizer sees and writes to the people of these départements only. Admins see everyone.
CREATE TABLE organizer_territory (
    person_id    BIGINT      NOT NULL,
    departement  VARCHAR(3)  NOT NULL,
    granted_by   BIGINT      NULL,
    granted_at   DATETIME(6) NOT NULL,
    PRIMARY KEY (person_id, departement),
    CONSTRAINT fk_organizer_territory_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE,
    CONSTRAINT fk_organizer_territory_granted_by FOREIGN KEY (granted_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
