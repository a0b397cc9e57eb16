package org.cortege.shared;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What makes one movement's instance its own (the {@code cortege.*} settings every feature reads):
 * public URL, time zone, organization, admins, consent wording, interests, map tiles.
 */
@Singleton
public class InstanceSettings {

    public record Interest(String key, String fr, String en) {
        public String label(Locale locale) {
            return Messages.ENGLISH.equals(locale) ? en : fr;
        }
    }

    private final URI publicUrl;
    private final ZoneId timeZone;
    private final String organizationName;
    private final String privacyContact;
    private final String sourceUrl;
    private final Set<String> adminEmails;
    private final int minimumAge;
    private final String consentVersion;
    private final String consentTextFr;
    private final String consentTextEn;
    private final Map<String, Interest> interests;
    static final String DEFAULT_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    static final String DEFAULT_TILES_ATTRIBUTION = "© les contributeurs d’OpenStreetMap";
    private final String tilesUrl;
    private final String tilesAttribution;

    public InstanceSettings(@Property(name = "cortege.public-url") String publicUrl,
                            @Property(name = "cortege.time-zone") String timeZone,
                            @Property(name = "cortege.organization-name") String organizationName,
                            @Property(name = "cortege.privacy-contact") String privacyContact,
                            @Property(name = "cortege.source-url") @Nullable String sourceUrl,
                            @Property(name = "cortege.admin-emails") @Nullable String adminEmails,
                            @Property(name = "cortege.minimum-age") int minimumAge,
                            @Property(name = "cortege.consent.version") String consentVersion,
                            @Property(name = "cortege.consent.text-fr") String consentTextFr,
                            @Property(name = "cortege.consent.text-en") String consentTextEn,
                            @Property(name = "cortege.interests") List<Map<String, Object>> interests,
                            @Property(name = "cortege.map.tiles-url") String tilesUrl,
                            @Property(name = "cortege.map.tiles-attribution") String tilesAttribution) {
        this.publicUrl = URI.create(publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl);
        this.timeZone = ZoneId.of(timeZone);
        this.organizationName = organizationName;
        this.privacyContact = privacyContact;
        this.sourceUrl = sourceUrl == null || sourceUrl.isBlank() ? null : sourceUrl.trim();
        this.adminEmails = adminEmails == null ? Set.of() : Arrays.stream(adminEmails.split(","))
                .map(e -> e.trim().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.minimumAge = minimumAge;
        this.consentVersion = consentVersion;
        this.consentTextFr = consentTextFr;
        this.consentTextEn = consentTextEn;
        Map<String, Interest> byKey = new LinkedHashMap<>();
        for (Map<String, Object> i : interests) {
            String key = String.valueOf(i.get("key"));
            byKey.put(key, new Interest(key, String.valueOf(i.getOrDefault("fr", key)), String.valueOf(i.getOrDefault("en", key))));
        }
        this.interests = Map.copyOf(byKey);
        this.interestOrder = List.copyOf(byKey.keySet());
        // An empty CORTEGE_MAP_TILES_URL (as a compose file passes an unset one) keeps OpenStreetMap's.
        boolean ownTiles = tilesUrl != null && !tilesUrl.isBlank();
        this.tilesUrl = ownTiles ? tilesUrl : DEFAULT_TILES_URL;
        this.tilesAttribution = ownTiles && tilesAttribution != null && !tilesAttribution.isBlank() ? tilesAttribution
                : ownTiles ? "" : DEFAULT_TILES_ATTRIBUTION;
    }

    private final List<String> interestOrder;

    /** The site's address as people reach it, without a trailing slash; links in mails start with it. */
    public URI publicUrl() {
        return publicUrl;
    }

    public boolean publicUrlIsHttps() {
        return "https".equalsIgnoreCase(publicUrl.getScheme());
    }

    /** "https://example.org" (scheme, host and port only). */
    public String publicOrigin() {
        int port = publicUrl.getPort();
        return publicUrl.getScheme() + "://" + publicUrl.getHost() + (port == -1 ? "" : ":" + port);
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    public String organizationName() {
        return organizationName;
    }

    public String privacyContact() {
        return privacyContact;
    }

    /** Where the running code can be downloaded (AGPL), or null when the operator has not said. */
    @Nullable
    public String sourceUrl() {
        return sourceUrl;
    }

    /** CORTEGE_ADMIN_EMAILS, lower-cased. */
    public Set<String> adminEmails() {
        return adminEmails;
    }

    public boolean isAdminEmail(String email) {
        return adminEmails.contains(email.toLowerCase(Locale.ROOT));
    }

    public int minimumAge() {
        return minimumAge;
    }

    public String consentVersion() {
        return consentVersion;
    }

    public String consentText(Locale locale) {
        return Messages.ENGLISH.equals(locale) ? consentTextEn : consentTextFr;
    }

    public List<Interest> interests() {
        return interestOrder.stream().map(interests::get).toList();
    }

    public boolean isInterest(String key) {
        return interests.containsKey(key);
    }

    public String tilesUrl() {
        return tilesUrl;
    }

    /**
     * The tiles' credit line as Leaflet shows it (HTML the operator wrote, or ours): OpenStreetMap's
     * default in the reader's language, linked to its copyright page as its tile policy asks.
     */
    public String tilesAttribution(java.util.Locale locale) {
        if (!DEFAULT_TILES_ATTRIBUTION.equals(tilesAttribution)) {
            return tilesAttribution;
        }
        boolean english = "en".equals(locale.getLanguage());
        return "© <a href=\"https://www.openstreetmap.org/copyright\">"
                + (english ? "OpenStreetMap contributors" : "les contributeurs d’OpenStreetMap") + "</a>";
    }
}
