-- Web push (the activity feature owns these tables).
--
-- The instance's VAPID key pair (RFC 8292), made at first need by whichever node comes first (INSERT IGNORE
-- of row 1) and kept here so that every node signs with the same key and subscriptions outlive restarts.
CREATE TABLE vapid_key (
    id          TINYINT      NOT NULL PRIMARY KEY,
    public_key  VARCHAR(200) NOT NULL,
    private_key VARCHAR(400) NOT NULL,
    created_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A browser where a person turned push on: the push service's address for it and the keys its payloads are
-- encrypted for. The endpoint is a capability (whoever knows it may push to that browser): never shown back,
-- never logged. Goes with the person.
CREATE TABLE push_subscription (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    person_id     BIGINT        NOT NULL,
    endpoint      VARCHAR(1000) NOT NULL,
    endpoint_hash CHAR(64)      NOT NULL,
    p256dh        VARCHAR(120)  NOT NULL,
    auth          VARCHAR(40)   NOT NULL,
    created_at    DATETIME(6)   NOT NULL,
    last_sent_at  DATETIME(6)   NULL,
    UNIQUE KEY uk_push_subscription_endpoint (endpoint_hash),
    KEY idx_push_subscription_person (person_id),
    CONSTRAINT fk_push_subscription_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One push owed to one browser for one feed entry: taken by any node (SKIP LOCKED, a lease), sent, then deleted;
-- retried a few times when the push service fails; dropped with its entry or its subscription.
CREATE TABLE push_delivery (
    id              BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    subscription_id BIGINT      NOT NULL,
    activity_id     BIGINT      NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6) NOT NULL,
    lease_until     DATETIME(6) NULL,
    KEY idx_push_delivery_due (next_attempt_at),
    CONSTRAINT fk_push_delivery_subscription FOREIGN KEY (subscription_id) REFERENCES push_subscription (id) ON DELETE CASCADE,
    CONSTRAINT fk_push_delivery_activity FOREIGN KEY (activity_id) REFERENCES activity (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who asked for a kind one opts in to ("new actions near me"), read at each new action.
CREATE INDEX idx_notification_pref_kind ON notification_pref (kind, person_id);
