-- CSV imports, kept in the database (compressed) so that any node can run or resume them, and the
-- log of every export: who took which people's data, when, and how many rows.
CREATE TABLE contact_import (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id        VARCHAR(24)   NOT NULL,
    file_name        VARCHAR(200)  NOT NULL,
    file_size        INT           NOT NULL,          -- announced at the start of the upload
    file_gz          MEDIUMBLOB    NULL,              -- the whole file, compressed, once its pieces are all in
    charset          VARCHAR(20)   NULL,
    field_separator  CHAR(1)       NULL,
    row_count        INT           NOT NULL DEFAULT 0,
    options          TEXT          NULL,              -- JSON: column mapping, duplicates, tag, consent
    scope            VARCHAR(400)  NULL,              -- the organizer's départements; NULL: an admin's
    status           VARCHAR(12)   NOT NULL,          -- UPLOADING, UPLOADED, QUEUED, RUNNING, DONE, FAILED
    lease_until      DATETIME(6)   NULL,              -- a RUNNING import whose lease expired is resumed by any node
    processed_rows   INT           NOT NULL DEFAULT 0,
    created_count    INT           NOT NULL DEFAULT 0,
    updated_count    INT           NOT NULL DEFAULT 0,
    skipped_count    INT           NOT NULL DEFAULT 0,
    error_count      INT           NOT NULL DEFAULT 0,
    errors           MEDIUMTEXT    NULL,              -- JSON: the first rows refused and why
    tag_id           BIGINT        NULL,
    created_by       BIGINT        NULL,
    created_at       DATETIME(6)   NOT NULL,
    started_at       DATETIME(6)   NULL,
    finished_at      DATETIME(6)   NULL,
    UNIQUE KEY uk_contact_import_public_id (public_id),
    KEY idx_contact_import_status (status, lease_until),
    CONSTRAINT fk_contact_import_tag FOREIGN KEY (tag_id) REFERENCES tag (id) ON DELETE SET NULL,
    CONSTRAINT fk_contact_import_created_by FOREIGN KEY (created_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A file arrives in pieces under the request size limit (64 KB), from the browser one after the
-- other; they are joined, compressed into contact_import.file_gz and deleted once all are in.
CREATE TABLE contact_import_chunk (
    import_id  BIGINT  NOT NULL,
    seq        INT     NOT NULL,
    data       BLOB    NOT NULL,
    PRIMARY KEY (import_id, seq),
    CONSTRAINT fk_contact_import_chunk_import FOREIGN KEY (import_id) REFERENCES contact_import (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Who came from or was updated by which import, for each person's history.
CREATE TABLE contact_import_person (
    import_id  BIGINT      NOT NULL,
    person_id  BIGINT      NOT NULL,
    action     VARCHAR(8)  NOT NULL,                  -- CREATED, UPDATED
    PRIMARY KEY (import_id, person_id),
    KEY idx_contact_import_person_person (person_id),
    CONSTRAINT fk_contact_import_person_import FOREIGN KEY (import_id) REFERENCES contact_import (id) ON DELETE CASCADE,
    CONSTRAINT fk_contact_import_person_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE contact_export (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_by   BIGINT        NULL,
    created_at   DATETIME(6)   NOT NULL,
    selection    VARCHAR(1000) NOT NULL,               -- the segment's name, or the rule and search text
    columns      VARCHAR(500)  NOT NULL,
    row_count    INT           NULL,                   -- NULL until the file was fully written
    finished_at  DATETIME(6)   NULL,
    KEY idx_contact_export_created (created_at),
    CONSTRAINT fk_contact_export_created_by FOREIGN KEY (created_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
