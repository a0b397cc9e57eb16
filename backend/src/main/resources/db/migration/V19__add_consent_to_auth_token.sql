-- The consent a person gives on the sign-up form travels with the confirmation link: when an
-- existing row (an imported contact, a pending sign-up) confirms, the consent is written then,
-- with the wording, version and language they saw (issue: a confirmed supporter without proof).
ALTER TABLE auth_token
    ADD COLUMN consent_version VARCHAR(40) NULL,
    ADD COLUMN consent_locale  VARCHAR(10) NULL,
    ADD COLUMN consent_wording TEXT        NULL;
