-- Support groups, public as soon as created; hidden by admins after the fact.
CREATE TABLE support_group (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id        VARCHAR(24)   NOT NULL,
    slug             VARCHAR(140)  NOT NULL,
    name             VARCHAR(120)  NOT NULL,
    name_key         VARCHAR(120)  NOT NULL,          -- normalised name: one group of a name per commune
    type             VARCHAR(40)   NOT NULL,
    description_md   TEXT          NOT NULL,
    description_html TEXT          NOT NULL,
    country          CHAR(2)       NOT NULL DEFAULT 'FR',
    postal_code      VARCHAR(10)   NOT NULL,
    insee_code       VARCHAR(10)   NOT NULL,
    commune          VARCHAR(120)  NOT NULL,
    departement      VARCHAR(3)    NOT NULL,
    address          VARCHAR(200)  NULL,
    lat              DOUBLE        NOT NULL,
    lng              DOUBLE        NOT NULL,
    geo_precision    VARCHAR(12)   NOT NULL,
    contact_email    VARCHAR(254)  NULL,
    status           VARCHAR(12)   NOT NULL,          -- PUBLISHED, HIDDEN
    hidden_reason    VARCHAR(500)  NULL,
    hidden_at        DATETIME(6)   NULL,
    member_count     INT           NOT NULL DEFAULT 0,
    created_by       BIGINT        NULL,
    created_at       DATETIME(6)   NOT NULL,
    updated_at       DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_support_group_public_id (public_id),
    UNIQUE KEY uk_support_group_slug (slug),
    UNIQUE KEY uk_support_group_name_commune (name_key, insee_code),
    KEY idx_support_group_geo (status, lat, lng),
    KEY idx_support_group_departement (status, departement),
    KEY idx_support_group_created_by (created_by, type),
    CONSTRAINT fk_support_group_created_by FOREIGN KEY (created_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE group_membership (
    group_id        BIGINT       NOT NULL,
    person_id       BIGINT       NOT NULL,
    role            VARCHAR(12)  NOT NULL,            -- FOUNDER, MANAGER, MEMBER
    share_contact   BOOLEAN      NOT NULL DEFAULT FALSE,
    share_contact_at DATETIME(6) NULL,                -- when the member agreed to share email and phone with managers
    joined_at       DATETIME(6)  NOT NULL,
    PRIMARY KEY (group_id, person_id),
    KEY idx_group_membership_person (person_id),
    CONSTRAINT fk_group_membership_group FOREIGN KEY (group_id) REFERENCES support_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_group_membership_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
