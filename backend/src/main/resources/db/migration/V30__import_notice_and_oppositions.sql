-- Imported people did not give their details through the site: each is told once, by mail, who
-- holds them, where they came from, what for, for how long, their rights, with a one-click
-- objection (CNIL, political communication files). One row per person told; the primary key makes
-- it once, whatever the number of nodes.
CREATE TABLE import_notice (
    person_id  BIGINT       NOT NULL PRIMARY KEY,
    import_id  BIGINT       NULL,
    sent_at    DATETIME(6)  NOT NULL,
    CONSTRAINT fk_import_notice_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE,
    CONSTRAINT fk_import_notice_import FOREIGN KEY (import_id) REFERENCES contact_import (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Addresses whose owner objected to being in the contact file: never imported again. Kept as a
-- keyed hash of the normalized address (HMAC with the instance secret), never the address itself.
CREATE TABLE import_opposition (
    email_hash  VARCHAR(64)  NOT NULL PRIMARY KEY,
    created_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
