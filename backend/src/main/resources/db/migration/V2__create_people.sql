CREATE TABLE person (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id       VARCHAR(24)  NOT NULL,
    email           VARCHAR(254) NOT NULL,
    first_name      VARCHAR(100) NOT NULL,
    last_name       VARCHAR(100) NOT NULL,
    phone           VARCHAR(30)  NULL,
    birth_date      DATE         NULL,
    country         CHAR(2)      NOT NULL DEFAULT 'FR',
    postal_code     VARCHAR(10)  NOT NULL,
    insee_code      VARCHAR(10)  NULL,
    commune         VARCHAR(120) NULL,
    departement     VARCHAR(3)   NULL,
    lat             DOUBLE       NULL,
    lng             DOUBLE       NULL,
    geo_precision   VARCHAR(12)  NULL,
    locale          CHAR(2)      NOT NULL DEFAULT 'fr',
    status          VARCHAR(12)  NOT NULL,           -- PENDING, CONFIRMED, BANNED
    admin           BOOLEAN      NOT NULL DEFAULT FALSE,
    source          VARCHAR(40)  NOT NULL DEFAULT 'signup',
    created_at      DATETIME(6)  NOT NULL,
    confirmed_at    DATETIME(6)  NULL,
    updated_at      DATETIME(6)  NOT NULL,
    last_active_at  DATETIME(6)  NULL,
    UNIQUE KEY uk_person_email (email),
    UNIQUE KEY uk_person_public_id (public_id),
    KEY idx_person_status_departement (status, departement),
    KEY idx_person_status_confirmed (status, confirmed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE person_interest (
    person_id     BIGINT      NOT NULL,
    interest_key  VARCHAR(40) NOT NULL,
    PRIMARY KEY (person_id, interest_key),
    KEY idx_person_interest_key (interest_key),
    CONSTRAINT fk_person_interest_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Each consent as given: what the person read (wording and version), in which language, when.
CREATE TABLE consent (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    person_id     BIGINT       NOT NULL,
    purpose       VARCHAR(40)  NOT NULL,
    version       VARCHAR(40)  NOT NULL,
    locale        CHAR(2)      NOT NULL,
    wording       TEXT         NOT NULL,
    given_at      DATETIME(6)  NOT NULL,
    withdrawn_at  DATETIME(6)  NULL,
    KEY idx_consent_person (person_id, purpose),
    CONSTRAINT fk_consent_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Single-use secrets sent by mail. Only hashes are stored.
CREATE TABLE auth_token (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    person_id   BIGINT       NOT NULL,
    purpose     VARCHAR(20)  NOT NULL,               -- SIGNUP, LOGIN
    token_hash  CHAR(64)     NOT NULL,
    code_hash   CHAR(64)     NULL,
    attempts    INT          NOT NULL DEFAULT 0,
    created_at  DATETIME(6)  NOT NULL,
    expires_at  DATETIME(6)  NOT NULL,
    used_at     DATETIME(6)  NULL,
    UNIQUE KEY uk_auth_token_hash (token_hash),
    KEY idx_auth_token_person (person_id, purpose, expires_at),
    CONSTRAINT fk_auth_token_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Server-side sessions: any app node can serve any user; logout deletes the row.
CREATE TABLE user_session (
    id            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    token_hash    CHAR(64)    NOT NULL,
    person_id     BIGINT      NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    last_seen_at  DATETIME(6) NOT NULL,
    expires_at    DATETIME(6) NOT NULL,
    UNIQUE KEY uk_user_session_token (token_hash),
    KEY idx_user_session_person (person_id),
    KEY idx_user_session_expires (expires_at),
    CONSTRAINT fk_user_session_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
