package org.cortege;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.cli.Cli;

/**
 * Starts Cortège: the JSON API under /api, the Vue app, and health and metrics on the management
 * port. With a command ({@code migrate}, {@code create-admin}, {@code demo}, {@code purge}…, see
 * {@code --help}), runs it and exits instead.
 *
 * <p>The annotations below head the API's OpenAPI document, written from the controllers at compile
 * time and served at /api/openapi.yml (docs/api.md says the rules it cannot: who may call what).
 */
@OpenAPIDefinition(info = @Info(title = "Cortège", version = "1",
        description = "The JSON API of a Cortège instance, used by its own pages. Errors are application/problem+json "
                + "(RFC 9457) with a message in the request's language (Accept-Language, fr or en). Signed-in calls carry "
                + "the session cookie; every call that changes something must come from the site itself (Origin or "
                + "Sec-Fetch-Site, else the request is refused as cross-site).",
        license = @License(name = "AGPL-3.0-or-later", url = "https://www.gnu.org/licenses/agpl-3.0.html")),
        tags = {
            @Tag(name = "site", description = "What every page reads: settings, counters, link previews, robots and sitemap"),
            @Tag(name = "people", description = "Sign-up, sign-in, one's own account, second factor, unsubscribing"),
            @Tag(name = "groups", description = "Local groups: finding, founding, joining, managing members, writing to them"),
            @Tag(name = "events", description = "Actions and their dates: finding and the map, publishing, answering, calendars"),
            @Tag(name = "places", description = "Postal codes, communes, départements and address search"),
            @Tag(name = "moderation", description = "Reports from anyone; hiding and restoring by staff"),
            @Tag(name = "privacy", description = "The privacy notice, consents, one's data (GDPR access and erasure), the staff access log"),
            @Tag(name = "staff", description = "The contact database for admins and organizers: contacts, tags, segments, imports, exports, mailings")
        })
@SecurityScheme(name = "session", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE, paramName = "cortege_session",
        description = "The session cookie set by /api/login/confirm or /api/signup/confirm (HttpOnly, Secure, SameSite=Lax).")
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        // Read by Flyway's and MigrationWait's switches, which take "true" and "false" only: "1", "yes" or "False" would
        // turn migrations off without making the node wait for them.
        String apply = System.getenv("CORTEGE_APPLY_MIGRATIONS");
        if (apply != null && !apply.isEmpty() && !apply.equals("true") && !apply.equals("false")) {
            System.err.println("CORTEGE_APPLY_MIGRATIONS must be true or false (it is \"" + apply + "\")");
            System.exit(2);
        }
        if (args.length > 0 && Cli.COMMANDS.contains(args[0])) {
            // The embedded MariaDB's watcher thread would keep the JVM alive: exit, and the shutdown hook stops it.
            System.exit(Cli.execute(args));
        }
        Micronaut.build(args)
                .mainClass(Application.class)
                .defaultEnvironments("prod")
                .banner(false)
                .start();
    }
}
