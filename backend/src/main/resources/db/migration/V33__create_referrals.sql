-- Who brought whom (the referrals feature owns both tables).
--
-- Each supporter's share code: the short code of their personal link (?ref=…). A code of its own, never
-- the person's public id: a link passed around says nothing about who someone is to whoever has no
-- access to the database.
CREATE TABLE referral_code (
    person_id  BIGINT      NOT NULL PRIMARY KEY,
    code       CHAR(8)     COLLATE utf8mb4_bin NOT NULL,
    created_at DATETIME(6) NOT NULL,
    UNIQUE KEY uk_referral_code (code),
    CONSTRAINT fk_referral_code_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Where a sign-up came from: the first and the last personal link followed during the visit that
-- ended in the sign-up (first and last touch), and the campaign tags of the link (utm_*). One row per
-- sign-up that came with any of these; confirmed_at once the address is proven by the very link that
-- sign-up mailed (signup_token_id: a later sign-up of the same address by its owner, or a sign-in,
-- credits nobody, so typing someone's address with one's own code tells nothing). The person's row
-- goes with them (erasure); a referrer's erasure leaves the source without its referrer, and
-- through_link keeps what the person's export says (whether a supporter's link brought them).
CREATE TABLE signup_source (
    person_id         BIGINT       NOT NULL PRIMARY KEY,
    signup_token_id   BIGINT       NOT NULL,
    through_link      BOOLEAN      NOT NULL,
    first_referrer_id BIGINT       NULL,
    last_referrer_id  BIGINT       NULL,
    utm_source        VARCHAR(100) NULL,
    utm_medium        VARCHAR(100) NULL,
    utm_campaign      VARCHAR(100) NULL,
    created_at        DATETIME(6)  NOT NULL,
    confirmed_at      DATETIME(6)  NULL,
    KEY idx_signup_source_first (first_referrer_id, confirmed_at),
    KEY idx_signup_source_last (last_referrer_id, confirmed_at),
    KEY idx_signup_source_campaign (utm_campaign),
    CONSTRAINT fk_signup_source_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE,
    CONSTRAINT fk_signup_source_first FOREIGN KEY (first_referrer_id) REFERENCES person (id) ON DELETE SET NULL,
    CONSTRAINT fk_signup_source_last FOREIGN KEY (last_referrer_id) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Where a group join came from (the same first and last share link, the same tags). Goes with the
-- membership: a member who leaves, or is erased, takes it along.
CREATE TABLE join_source (
    group_id          BIGINT       NOT NULL,
    person_id         BIGINT       NOT NULL,
    through_link      BOOLEAN      NOT NULL,
    first_referrer_id BIGINT       NULL,
    last_referrer_id  BIGINT       NULL,
    utm_source        VARCHAR(100) NULL,
    utm_medium        VARCHAR(100) NULL,
    utm_campaign      VARCHAR(100) NULL,
    created_at        DATETIME(6)  NOT NULL,
    PRIMARY KEY (group_id, person_id),
    KEY idx_join_source_first (first_referrer_id),
    KEY idx_join_source_last (last_referrer_id),
    CONSTRAINT fk_join_source_membership FOREIGN KEY (group_id, person_id) REFERENCES group_membership (group_id, person_id) ON DELETE CASCADE,
    CONSTRAINT fk_join_source_first FOREIGN KEY (first_referrer_id) REFERENCES person (id) ON DELETE SET NULL,
    CONSTRAINT fk_join_source_last FOREIGN KEY (last_referrer_id) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Where an answer to an action ("je viens") came from, a supporter's or a visitor's; confirmed_at once
-- the answer holds (at once for a supporter, when a visitor follows their mailed link). Goes with the
-- answer (a visitor's answer is erased some time after the action).
CREATE TABLE answer_source (
    rsvp_id           BIGINT       NOT NULL PRIMARY KEY,
    through_link      BOOLEAN      NOT NULL,
    first_referrer_id BIGINT       NULL,
    last_referrer_id  BIGINT       NULL,
    utm_source        VARCHAR(100) NULL,
    utm_medium        VARCHAR(100) NULL,
    utm_campaign      VARCHAR(100) NULL,
    created_at        DATETIME(6)  NOT NULL,
    confirmed_at      DATETIME(6)  NULL,
    KEY idx_answer_source_first (first_referrer_id, confirmed_at),
    KEY idx_answer_source_last (last_referrer_id, confirmed_at),
    CONSTRAINT fk_answer_source_rsvp FOREIGN KEY (rsvp_id) REFERENCES event_rsvp (id) ON DELETE CASCADE,
    CONSTRAINT fk_answer_source_first FOREIGN KEY (first_referrer_id) REFERENCES person (id) ON DELETE SET NULL,
    CONSTRAINT fk_answer_source_last FOREIGN KEY (last_referrer_id) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
