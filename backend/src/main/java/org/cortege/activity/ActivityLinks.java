package org.cortege.activity;

import jakarta.inject.Singleton;
import org.cortege.shared.InstanceSecret;
import org.cortege.shared.InstanceSettings;

/**
 * The signed "stop these mails" links of the mails this feature writes (and of the group messages it decides on):
 * the page a person lands on, one click from the switch turned off, and the one-click POST of RFC 8058 for the
 * {@code List-Unsubscribe} header. Signed with the instance secret over the person and the kind, so nobody makes one
 * for someone else; no sign-in needed.
 */
@Singleton
class ActivityLinks {

    /** The kind of a digest's link: every kind it gathers. */
    static final String DIGEST = "digest";

    private final InstanceSettings settings;
    private final InstanceSecret secret;

    ActivityLinks(InstanceSettings settings, InstanceSecret secret) {
        this.settings = settings;
        this.secret = secret;
    }

    /** The page: its parameters ride in the fragment, so that they reach no log. */
    String stopPage(String personPublicId, String kind) {
        return settings.publicUrl() + "/notifications/arreter#m=" + personPublicId + "&k=" + kind + "&t=" + signature(personPublicId, kind);
    }

    /** The one-click POST target (RFC 8058). */
    String stopPost(String personPublicId, String kind) {
        return settings.publicUrl() + "/api/notifications/stop?m=" + personPublicId + "&k=" + kind + "&t=" + signature(personPublicId, kind);
    }

    String link(String path) {
        return settings.publicUrl() + path;
    }

    private String signature(String personPublicId, String kind) {
        return secret.sign("notifications-stop|" + personPublicId + "|" + kind);
    }

    boolean verify(String personPublicId, String kind, String signature) {
        return personPublicId != null && kind != null && signature != null
                && secret.verify("notifications-stop|" + personPublicId + "|" + kind, signature);
    }
}
