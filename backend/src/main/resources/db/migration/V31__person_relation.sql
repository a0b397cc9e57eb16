-- Members and regular contacts of the movement told apart from everyone else, with the date it
-- holds from (GDPR article 9(2)(d): a political body may process the data of its members and of
-- people in regular contact with it): MEMBER or REGULAR_CONTACT; NULL for neither. Set by staff on
-- a person's record, or by an import that declared its people regular contacts.
ALTER TABLE person
    ADD COLUMN relation       VARCHAR(16) NULL,
    ADD COLUMN relation_since DATE        NULL,
    ADD KEY idx_person_relation (relation);
