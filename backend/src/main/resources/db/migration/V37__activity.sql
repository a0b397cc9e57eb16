-- The activity feature: what happened that concerns a person (their feed on "Mon espace" and the bell),
-- how they want to hear of each kind (in the feed only, by mail at once, in a daily or weekly digest, by
-- push), the groups they muted, and the row that makes a person's digest go out once across nodes.
-- Every row goes with its person (erasure); a feed row about someone (who joined, who wrote) goes with
-- that someone too.
CREATE TABLE activity (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    person_id  BIGINT       NOT NULL,
    kind       VARCHAR(32)  NOT NULL,
    group_id   BIGINT       NULL,
    actor_id   BIGINT       NULL,
    subject    VARCHAR(300) NOT NULL,
    starts_at  DATETIME(6)  NULL,
    link       VARCHAR(300) NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    read_at    DATETIME(6)  NULL,
    -- 0: no mail owed by this feature; 1: owed in the daily digest; 2: in the weekly digest; 3: mailed
    mail_state TINYINT      NOT NULL DEFAULT 0,
    mailed_at  DATETIME(6)  NULL,
    KEY idx_activity_person (person_id, id),
    KEY idx_activity_digest (mail_state, person_id),
    KEY idx_activity_created (created_at),
    KEY idx_activity_actor (actor_id),
    KEY idx_activity_group (group_id),
    CONSTRAINT fk_activity_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE,
    CONSTRAINT fk_activity_actor FOREIGN KEY (actor_id) REFERENCES person (id) ON DELETE CASCADE,
    CONSTRAINT fk_activity_group FOREIGN KEY (group_id) REFERENCES support_group (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A person's choice for one kind; no row: the kind's default.
CREATE TABLE notification_pref (
    person_id  BIGINT      NOT NULL,
    kind       VARCHAR(32) NOT NULL,
    mail       VARCHAR(9)  NOT NULL,
    push       BOOLEAN     NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (person_id, kind),
    CONSTRAINT fk_notification_pref_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A group whose news stay in the feed without mail or push (the kinds that cannot be turned off excepted).
CREATE TABLE group_mute (
    person_id  BIGINT      NOT NULL,
    group_id   BIGINT      NOT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (person_id, group_id),
    KEY idx_group_mute_group (group_id),
    CONSTRAINT fk_group_mute_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE,
    CONSTRAINT fk_group_mute_group FOREIGN KEY (group_id) REFERENCES support_group (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per person who ever had a digest owed: the job locks it (SKIP LOCKED) before reading what is owed,
-- so two nodes never send one person two digests; on Galera the conflict on it makes one of them roll back.
CREATE TABLE activity_digest (
    person_id    BIGINT      NOT NULL PRIMARY KEY,
    last_sent_at DATETIME(6) NULL,
    CONSTRAINT fk_activity_digest_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
