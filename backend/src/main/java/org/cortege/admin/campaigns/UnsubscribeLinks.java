package org.cortege.admin.campaigns;

import jakarta.inject.Singleton;
import org.cortege.shared.InstanceSecret;
import org.cortege.shared.InstanceSettings;

/**
 * A mailing's one-click unsubscribe: the signed address of a person's unsubscribe (RFC 8058), and
 * its check. The signature is the instance secret's, so a link works without signing in and
 * cannot be made for someone else.
 */
@Singleton
class UnsubscribeLinks {

    private final InstanceSettings settings;
    private final InstanceSecret secret;

    UnsubscribeLinks(InstanceSettings settings, InstanceSecret secret) {
        this.settings = settings;
        this.secret = secret;
    }

    /** The one-click unsubscribe URL of a person (RFC 8058 POST target; the mail's link opens a page that posts to it). */
    String unsubscribeUrl(String personPublicId) {
        return settings.publicUrl() + "/api/unsubscribe?m=" + personPublicId + "&t=" + signature(personPublicId);
    }

    String signature(String personPublicId) {
        return secret.sign("unsubscribe|" + personPublicId);
    }

    boolean verify(String personPublicId, String signature) {
        return personPublicId != null && secret.verify("unsubscribe|" + personPublicId, signature);
    }

}
