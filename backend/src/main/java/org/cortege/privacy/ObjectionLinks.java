package org.cortege.privacy;

import jakarta.inject.Singleton;
import org.cortege.shared.InstanceSecret;
import org.cortege.shared.InstanceSettings;

/**
 * The link of the first-contact notice by which an imported person objects to being in the
 * movement's file: signed with the instance secret, so it works without signing in and cannot be
 * made for someone else. The signed part rides in the fragment of the page's address (never sent
 * to a server, never in a log); the page posts it when the person confirms.
 */
@Singleton
class ObjectionLinks {

    private final InstanceSettings settings;
    private final InstanceSecret secret;

    ObjectionLinks(InstanceSettings settings, InstanceSecret secret) {
        this.settings = settings;
        this.secret = secret;
    }

    /** Signed for the person and the address it was sent to: a corrected address makes the old link void. */
    String pageUrl(String personPublicId, String email) {
        return settings.publicUrl() + "/opposition#m=" + personPublicId + "&t=" + secret.sign("objection|" + personPublicId + "|" + email);
    }

    boolean verify(String personPublicId, String email, String signature) {
        return personPublicId != null && personPublicId.length() <= 24
                && secret.verify("objection|" + personPublicId + "|" + email, signature);
    }
}
