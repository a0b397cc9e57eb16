package org.cortege.geo;

/**
 * The geography table changed (a new release's file loaded at start-up; another country's table
 * imported by the command line is not announced, its process ends at once: restart the app): each feature that stores points of communes (people, groups, actions) moves the rows
 * whose place is a commune's point, not a pin its organizer placed, through its own tables. Place
 * these with {@link GeoService#resolve}.
 */
public record GeoDatasetChanged(String country) {
}
