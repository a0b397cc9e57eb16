package org.cortege.people;

/**
 * A person's tie to the movement beyond their consent, as {@code person.relation} stores it (with
 * {@code relation_since}): a member, or someone in regular contact with it (GDPR article 9(2)(d));
 * no value for anyone else.
 */
public enum Relation {
    MEMBER, REGULAR_CONTACT
}
