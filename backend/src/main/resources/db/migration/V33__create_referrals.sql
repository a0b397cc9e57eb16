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
-- sign-up that came with any of these; confirmed_at once the address is proven (only confirmed
-- sign-ups are credited). The person's row goes with them (erasure); a referrer's erasure leaves the
-- sign-up's source without its referrer.
CREATE TABLE signup_source (
    person_id         BIGINT       NOT NULL PRIMARY KEY,
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
