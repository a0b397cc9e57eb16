package org.cortege.web;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Locale;
import org.cortege.events.EventTypes;
import org.cortege.groups.GroupTypes;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;

/** {@code GET /api/config}: the public settings a page needs, in the request's language. */
@Access(Access.Level.VISITOR)
@Tag(name = "site")
@Controller("/api/config")
class ConfigController {

    @Serdeable
    record InterestView(String key, String label) {
    }

    @Serdeable
    record ConsentView(String version, String text) {
    }

    @Serdeable
    record TilesView(String url, String attribution) {
    }

    @Serdeable
    record ConfigView(String organizationName, String privacyContact, @Nullable String sourceUrl, String timeZone,
                      List<InterestView> interests, List<InterestView> groupTypes, List<InterestView> eventTypes, ConsentView consent,
                      TilesView tiles, boolean addressSearch) {
    }

    private final InstanceSettings settings;
    private final GroupTypes groupTypes;
    private final EventTypes eventTypes;
    private final org.cortege.geo.AddressSearch addressSearch;

    ConfigController(InstanceSettings settings, GroupTypes groupTypes, EventTypes eventTypes, org.cortege.geo.AddressSearch addressSearch) {
        this.addressSearch = addressSearch;
        this.settings = settings;
        this.groupTypes = groupTypes;
        this.eventTypes = eventTypes;
    }

    @Get
    HttpResponse<ConfigView> config(HttpRequest<?> request) {
        Locale locale = Messages.localeOf(request);
        ConfigView view = new ConfigView(settings.organizationName(), settings.privacyContact(), settings.sourceUrl(),
                settings.timeZone().getId(),
                settings.interests().stream().map(i -> new InterestView(i.key(), i.label(locale))).toList(),
                groupTypes.all().stream().map(t -> new InterestView(t.key(), t.label(locale))).toList(),
                eventTypes.all().stream().map(t -> new InterestView(t.key(), t.label(locale))).toList(),
                new ConsentView(settings.consentVersion(), settings.consentText(locale)),
                new TilesView(settings.tilesUrl(), settings.tilesAttribution(locale)), addressSearch.enabled());
        return HttpResponse.ok(view).header("Cache-Control", "public, max-age=60").header("Vary", "Accept-Language");
    }
}
