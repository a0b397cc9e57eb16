package org.cortege.events;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The map's GeoJSON (RFC 7946) as records, serialized without reflection: points only, coordinates
 * [longitude, latitude] to 5 decimals (about a metre). {@code truncated} is a foreign member (§6.1).
 */
final class GeoJson {

    private GeoJson() {
    }

    @Serdeable
    record FeatureCollection(String type, double[] bbox, boolean truncated, List<Feature> features) {
        FeatureCollection(double[] bbox, boolean truncated, List<Feature> features) {
            this("FeatureCollection", bbox, truncated, features);
        }
    }

    @Serdeable
    record Feature(String type, Point geometry,
                   @Schema(oneOf = {Cluster.class, Group.class, Action.class}, description = "What the point is: `kind` says which")
                   Object properties) {
        static Feature at(double lat, double lng, Object properties) {
            return new Feature("Feature", new Point("Point", new double[] {round(lng), round(lat)}), properties);
        }
    }

    @Serdeable
    record Point(String type, double[] coordinates) {
    }

    /** Several groups or dates of actions in one cell of the grid. */
    @Serdeable
    record Cluster(String kind, String layer, int count) {
    }

    @Serdeable
    record Group(String kind, String id, String name, String typeLabel, String commune, int memberCount, String url) {
    }

    /** An action: its first date in the window ({@code start}), and how many it has there. */
    @Serdeable
    record Action(String kind, String id, String title, String typeLabel, String commune, String start, boolean allDay, int dates,
                  String url) {
    }

    static double round(double v) {
        return Math.round(v * 100_000) / 100_000.0;
    }
}
