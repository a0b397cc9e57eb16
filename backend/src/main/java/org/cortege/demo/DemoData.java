package org.cortege.demo;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cortege.events.GeneratedActions;
import org.cortege.geo.GeoService;
import org.cortege.geo.Place;
import org.cortege.groups.GeneratedGroups;
import org.cortege.people.GeneratedPeople;
import org.cortege.people.PersonStatus;
import org.cortege.shared.InstanceSettings;

/**
 * Generated, plainly fake data for demos and benchmarks: supporters placed over France in
 * proportion to commune population, with plausible names, ages and interests. One generator for
 * every feature: people, groups and their actions. Addresses use the reserved {@code .invalid}
 * top-level domain so no mail can ever reach anyone.
 * The rows are written by each owner's bulk writer ({@code GeneratedPeople}, {@code GeneratedGroups},
 * {@code GeneratedActions}); this class only invents them.
 */
@Singleton
public class DemoData {

    /** A generated supporter, as a sign-up form would send it. */
    public record Supporter(String email, String firstName, String lastName, String postalCode, String inseeCode,
                            String commune, String departement, double lat, double lng, String precision,
                            LocalDate birthDate, List<String> interests) {
    }

    private static final String[] FIRST_NAMES = {"Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Emma", "Alice",
        "Zoé", "Yasmine", "Fatou", "Nadia", "Claire", "Sophie", "Lucas", "Hugo", "Louis", "Nathan", "Gabriel", "Jules",
        "Adam", "Mohamed", "Karim", "Théo", "Arthur", "Paul", "Malik", "Julien", "Thomas", "Nicolas", "Pierre", "Marie"};
    private static final String[] LAST_NAMES = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
        "Fournier", "Morel", "Girard", "Andre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Benali",
        "Diallo", "Nguyen", "Traoré", "Le Gall", "Da Silva", "N’Diaye"};

    private record Commune(Place place, long cumulativePopulation) {
    }

    private static final int BATCH = 1000;

    private final InstanceSettings settings;
    private final GeoService geo;
    private final GeneratedPeople people;
    private final GeneratedGroups groups;
    private final GeneratedActions actions;

    public DemoData(InstanceSettings settings, GeoService geo, GeneratedPeople people, GeneratedGroups groups,
                    GeneratedActions actions) {
        this.settings = settings;
        this.geo = geo;
        this.people = people;
        this.groups = groups;
        this.actions = actions;
    }

    /** {@code count} supporters, the same ones for the same seed; e-mails are unique within a run. */
    public List<Supporter> supporters(int count, long seed) {
        List<Commune> communes = communes();
        long total = communes.get(communes.size() - 1).cumulativePopulation();
        List<String> interestKeys = settings.interests().stream().map(InstanceSettings.Interest::key).toList();
        Random random = new Random(seed);
        String run = Long.toString(seed, 36) + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        List<Supporter> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Commune c = pick(communes, (long) (random.nextDouble() * total));
            String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
            String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
            LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 67));
            List<String> interests = new ArrayList<>();
            for (String key : interestKeys) {
                if (random.nextInt(4) == 0) {
                    interests.add(key);
                }
            }
            String email = "demo-" + run + "-" + i + "@example.invalid";
            Place p = c.place();
            out.add(new Supporter(email, first, last, p.postalCode(), p.inseeCode(), p.commune(), p.departement(), p.lat(), p.lng(),
                    p.precision(), birth, interests));
        }
        return out;
    }

    /**
     * Inserts {@code count} confirmed supporters directly (no mail, no consent wording shown to
     * anyone: they are labelled {@code source = 'demo'}), signed up over the last year, with their
     * interests, through people's bulk writer in batches of 1 000; returns how many.
     */
    public int insertConfirmedSupporters(int count, long seed) {
        List<Supporter> supporters = supporters(count, seed);
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<GeneratedPeople.Generated> batch = new ArrayList<>(BATCH);
        int n = 0;
        for (Supporter s : supporters) {
            // in sign-up order over the last year, as rows arrive in a real database
            Instant created = now.minus(365L * 24 * 60 * (count - n) / count - random.nextInt(30), ChronoUnit.MINUTES);
            batch.add(person(s, PersonStatus.CONFIRMED, "demo", created, created, true, null, s.birthDate()));
            n++;
            if (batch.size() == BATCH) {
                people.insert(batch);
                batch.clear();
            }
        }
        people.insert(batch);
        return n;
    }

    /**
     * Inserts {@code count} people as a grown contact database has them (for demos and the 1M
     * benchmark): 90 % confirmed supporters, 5 % imported contacts, 5 % pending sign-ups (of the last day); 85 %
     * accepting mailings; signed up over three years; half active in the last year; with their
     * interests. Batches of 2 000, committed one by one; returns how many.
     */
    public int insertContacts(int count, long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now();
        int done = 0;
        while (done < count) {
            List<Supporter> supporters = supporters(Math.min(2 * BATCH, count - done), seed * 1000 + done);
            List<GeneratedPeople.Generated> batch = new ArrayList<>(supporters.size());
            for (Supporter s : supporters) {
                int kind = random.nextInt(20);
                PersonStatus status = kind == 0 ? PersonStatus.CONTACT : kind == 1 ? PersonStatus.PENDING : PersonStatus.CONFIRMED;
                // Sign-ups arrive in order over three years (as rows do in a real database); pending ones are recent:
                // older ones are erased by the retention job, as unconfirmed consent.
                long spread = 3L * 365 * 24 * 60;
                long age = status == PersonStatus.PENDING ? random.nextInt(24 * 60) : spread - spread * (done + 1L) / Math.max(1, count);
                Instant created = now.minus(age, ChronoUnit.MINUTES);
                Instant active = random.nextBoolean() ? now.minus(random.nextInt(365 * 24 * 60), ChronoUnit.MINUTES) : null;
                String source = kind == 0 ? "import:demo.csv" : random.nextInt(5) == 0 ? "petition" : "signup";
                batch.add(person(s, status, source, created, status == PersonStatus.CONFIRMED ? created : null,
                        random.nextInt(100) < 85, active, random.nextInt(10) == 0 ? null : s.birthDate()));
            }
            people.insert(batch);
            done += batch.size();
        }
        return done;
    }

    private GeneratedPeople.Generated person(Supporter s, PersonStatus status, String source, Instant created,
                                             Instant confirmed, boolean emailConsent, Instant lastActive, LocalDate birthDate) {
        Place place = new Place(geo.country(), s.postalCode(), s.inseeCode(), s.commune(), s.departement(), 0, s.lat(), s.lng(),
                s.precision());
        return new GeneratedPeople.Generated(s.email(), s.firstName(), s.lastName(), birthDate, place, status, source, created,
                confirmed, emailConsent, lastActive, s.interests());
    }

    /**
     * Inserts {@code count} published groups over France by commune population, each founded by a
     * random demo supporter (when there are some); returns how many.
     */
    public int insertGroups(int count, long seed) {
        List<Commune> communes = communes();
        long total = communes.get(communes.size() - 1).cumulativePopulation();
        Random random = new Random(seed);
        String run = Long.toString(seed, 36) + Long.toString(System.nanoTime() % 1_000_000, 36);
        String[] types = {"local", "local", "local", "thematic", "workplace"};
        String[] themes = {"écologie", "santé", "logement", "services publics", "jeunesse", "quartiers", "campagne"};
        Instant now = Instant.now();
        List<Long> founders = people.confirmedFrom("demo", 100_000);
        List<GeneratedGroups.Generated> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < count; i++) {
            Place place = pick(communes, (long) (random.nextDouble() * total)).place();
            String type = types[random.nextInt(types.length)];
            String name = switch (type) {
                case "thematic" -> "Groupe " + themes[random.nextInt(themes.length)] + " de " + place.commune() + " " + run + "-" + i;
                case "workplace" -> "Groupe entreprise de " + place.commune() + " " + run + "-" + i;
                default -> "Groupe d’action de " + place.commune() + " " + run + "-" + i;
            };
            Long founder = founders.isEmpty() ? null : founders.get(random.nextInt(founders.size()));
            Instant created = now.minus(random.nextInt(365 * 24 * 60), ChronoUnit.MINUTES);
            // Several groups in one commune do not meet at one point.
            double lat = place.lat() + (random.nextDouble() - 0.5) * 0.02;
            double lng = place.lng() + (random.nextDouble() - 0.5) * 0.03;
            batch.add(new GeneratedGroups.Generated("demo-" + run + "-" + i, name.length() > 120 ? name.substring(0, 120) : name,
                    type, "Groupe de démonstration : ces données sont générées.",
                    "<p>Groupe de démonstration : ces données sont générées.</p>", place, lat, lng, founder, created));
            if (batch.size() == BATCH) {
                groups.insert(batch);
                batch.clear();
            }
        }
        groups.insert(batch);
        return count;
    }

    private List<Commune> communes() {
        List<Commune> communes = new ArrayList<>();
        long cumulative = 0;
        for (Place place : geo.populatedPlaces()) {
            cumulative += place.population();
            communes.add(new Commune(place, cumulative));
        }
        if (communes.isEmpty()) {
            throw new IllegalStateException("The geography table has no commune with a population for " + geo.country());
        }
        return communes;
    }

    private static Commune pick(List<Commune> communes, long target) {
        int lo = 0;
        int hi = communes.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (communes.get(mid).cumulativePopulation() <= target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return communes.get(lo);
    }

    /**
     * Inserts {@code count} one-date actions of random published groups (so spread by population),
     * near the group (within about 2 km), from 30 days ago to 6 months ahead, between 9:00 and 20:00 in
     * the movement's time zone; returns how many.
     */
    public int insertActions(int count, long seed) {
        Random random = new Random(seed);
        String run = Long.toString(seed, 36) + Long.toString(System.nanoTime() % 1_000_000, 36);
        String[][] kinds = {{"leafleting", "Tractage"}, {"door-to-door", "Porte-à-porte"}, {"public-meeting", "Réunion publique"},
                {"phone-banking", "Phoning"}, {"demonstration", "Rassemblement"}, {"other", "Permanence"}};
        ZoneId zone = settings.timeZone();
        LocalDate today = LocalDate.now(zone);
        Instant now = Instant.now();
        List<GeneratedGroups.Spot> spots = groups.publishedSpots();
        if (spots.isEmpty() || count == 0) {
            return 0;
        }
        List<GeneratedActions.Generated> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < count; i++) {
            GeneratedGroups.Spot p = spots.get(random.nextInt(spots.size()));
            String[] kind = kinds[random.nextInt(kinds.length)];
            LocalDateTime start = today.plusDays(random.nextInt(210) - 30).atTime(9 + random.nextInt(12), random.nextBoolean() ? 0 : 30);
            LocalDateTime end = start.plusHours(1 + random.nextInt(3));
            double lat = p.lat() + (random.nextDouble() - 0.5) * 0.036;
            double lng = p.lng() + (random.nextDouble() - 0.5) * 0.05;
            String title = kind[1] + " à " + p.commune();
            batch.add(new GeneratedActions.Generated("demo-" + run + "-" + i, p.groupId(),
                    title.length() > 140 ? title.substring(0, 140) : title, kind[0],
                    "Action de démonstration : ces données sont générées.",
                    "<p>Action de démonstration : ces données sont générées.</p>", zone, start, end, "Lieu de démonstration",
                    p.postalCode(), p.inseeCode(), p.commune(), p.departement(), lat, lng, now));
            if (batch.size() == BATCH) {
                actions.insert(batch);
                batch.clear();
            }
        }
        actions.insert(batch);
        return count;
    }
}
