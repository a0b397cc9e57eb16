package org.cortege.activity;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The push services the server will post to: a subscription's endpoint is an address a browser gave, so a hostile
 * supporter could give any (an internal service, the database's port): only the browser vendors' push services of
 * {@code cortege.activity.push-services} are taken, each {@code scheme://host} where the host may start with
 * {@code *.} and a port may follow ({@code :*} for any). No redirect is followed when sending.
 */
@Singleton
class PushServices {

    private record Entry(String scheme, String host, boolean anySubdomain, int port) {
    }

    private final List<Entry> entries = new ArrayList<>();

    PushServices(@Value("${cortege.activity.push-services}") List<String> services) {
        for (String s : services) {
            URI u = URI.create(s.strip().replace("://*.", "://wildcard.").replace(":*", ":0"));
            String host = u.getHost().toLowerCase(Locale.ROOT);
            boolean any = host.startsWith("wildcard.");
            entries.add(new Entry(u.getScheme().toLowerCase(Locale.ROOT), any ? host.substring("wildcard.".length()) : host, any,
                    s.strip().endsWith(":*") ? 0 : u.getPort()));
        }
    }

    /** Whether the server may post to this endpoint: a known push service, no user info, no fragment. */
    boolean allows(String endpoint) {
        URI u;
        try {
            u = new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (u.getScheme() == null || u.getHost() == null || u.getRawUserInfo() != null || u.getRawFragment() != null) {
            return false;
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        String host = u.getHost().toLowerCase(Locale.ROOT);
        for (Entry e : entries) {
            boolean hostOk = e.anySubdomain() ? host.endsWith("." + e.host()) : host.equals(e.host());
            boolean portOk = e.port() == 0 || u.getPort() == e.port() || (u.getPort() == -1 && e.port() == -1);
            if (e.scheme().equals(scheme) && hostOk && portOk) {
                return true;
            }
        }
        return false;
    }
}
