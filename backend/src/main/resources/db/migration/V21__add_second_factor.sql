-- Second factor of staff accounts (RFC 6238 time-based codes). The secret is written when the
-- person starts enrolling and becomes active once a first code proves their app holds it.
CREATE TABLE person_second_factor (
    person_id     BIGINT       NOT NULL PRIMARY KEY,
    secret        VARBINARY(64) NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    confirmed_at  DATETIME(6)  NULL,              -- NULL: enrolment not finished, not required at sign-in
    last_step     BIGINT       NOT NULL DEFAULT 0, -- the last 30-second step accepted: a code works once
    failures      INT          NOT NULL DEFAULT 0, -- wrong codes since the last right one: told at 5, locked at 20
    CONSTRAINT fk_second_factor_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Ten single-use recovery codes, shown once at enrolment; only their hashes are kept.
CREATE TABLE person_recovery_code (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    person_id  BIGINT      NOT NULL,
    code_hash  CHAR(64)    NOT NULL,
    used_at    DATETIME(6) NULL,
    KEY idx_recovery_code_person (person_id),
    CONSTRAINT fk_recovery_code_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Where the factor is required, setting one up takes a one-time permit an admin hands over by
-- another way than the mailbox (or the operator's command line): whoever reads a staff member's
-- mail must not be able to enrol their own phone.
CREATE TABLE person_second_factor_permit (
    person_id   BIGINT      NOT NULL PRIMARY KEY,
    code_hash   CHAR(64)    NOT NULL,
    expires_at  DATETIME(6) NOT NULL,
    created_by  BIGINT      NULL,
    created_at  DATETIME(6) NOT NULL,
    CONSTRAINT fk_second_factor_permit_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- When this session proved the second factor (NULL: not yet).
ALTER TABLE user_session ADD COLUMN second_factor_at DATETIME(6) NULL;
