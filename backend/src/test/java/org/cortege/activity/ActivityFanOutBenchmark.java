package org.cortege.activity;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import org.cortege.demo.DemoData;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BenchTable;
import org.cortege.support.LoadRun;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints figures. What a new action costs its publisher when its group is large: publishing writes one feed
 * row per member (and owes their pushes) in the publishing request's transaction. {@code bench.fanout.members} members
 * (10 000 by default) in one group; each publish there is timed beside the same publish in a group of one (the
 * founder), and beside plain JDBC inserting as many feed rows in one transaction. Run with
 * {@code mvn -pl backend test -Pbenchmark -Dtest=ActivityFanOutBenchmark}.
 */
@AppTest
class ActivityFanOutBenchmark extends ApiTest {

    private static final int MEMBERS = Integer.getInteger("bench.fanout.members", 10_000);
    private static final int PUBLISHES = Integer.getInteger("bench.fanout.publishes", 8);

    @Inject
    DemoData demo;

    @Test
    void publishingToALargeGroup() throws Exception {
        GroupRef large = aGroup();
        GroupRef alone = aGroup();
        long confirmed = count("SELECT COUNT(*) FROM person WHERE status = 'CONFIRMED'");
        if (confirmed < MEMBERS + 10) {
            demo.insertConfirmedSupporters((int) (MEMBERS + 10 - confirmed), 23);
        }
        long groupId = count("SELECT id FROM support_group WHERE public_id = '" + large.id().replace("'", "") + "'");
        long t0 = System.nanoTime();
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO group_membership (group_id, person_id, role, share_contact, joined_at) "
                        + "SELECT ?, id, 'MEMBER', FALSE, NOW(6) FROM person WHERE status = 'CONFIRMED' AND id NOT IN "
                        + "(SELECT person_id FROM group_membership WHERE group_id = ?) ORDER BY id LIMIT ?")) {
            ps.setLong(1, groupId);
            ps.setLong(2, groupId);
            ps.setInt(3, MEMBERS);
            ps.executeUpdate();
        }
        long members = count("SELECT COUNT(*) FROM group_membership WHERE group_id = " + groupId);
        System.out.printf(Locale.ROOT, "%d members joined the large group in %d ms%n", members, (System.nanoTime() - t0) / 1_000_000);

        // one of each first (the JIT, the caches), then alternated
        anActionOf(large);
        anActionOf(alone);
        LoadRun.Result toLarge = LoadRun.run("POST /api/groups/{id}/events, a group of " + members + " members", 1, PUBLISHES,
                i -> anActionOf(large));
        LoadRun.Result toAlone = LoadRun.run("the same publish, a group of 1 (its founder)", 1, PUBLISHES, i -> anActionOf(alone));
        java.util.List<Long> people = new java.util.ArrayList<>();
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT person_id FROM group_membership WHERE group_id = ?")) {
            ps.setLong(1, groupId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    people.add(rs.getLong(1));
                }
            }
        }
        LoadRun.Result plain = LoadRun.run("plain JDBC: " + members + " feed rows in one transaction (batches of 1 000)", 1, PUBLISHES,
                i -> insertRows(groupId, people));

        System.out.printf(Locale.ROOT, "%n=== A new action of a group of %d members: one feed row each, in the publishing request ===%n", members);
        System.out.println(toLarge.line(toAlone));
        System.out.println(toLarge.line(plain));
        System.out.println(toAlone.line(toAlone));
        System.out.println(plain.line(plain));
        BenchTable.row("ActivityFanOutBenchmark", toLarge, toAlone);
        BenchTable.row("ActivityFanOutBenchmark", toLarge, plain);
        long rows = count("SELECT COUNT(*) FROM activity WHERE group_id = " + groupId + " AND kind = 'group-action'");
        System.out.printf(Locale.ROOT, "feed rows of the large group's new actions: %d (%d publishes of %d members, the founder excepted)%n",
                rows, PUBLISHES + 1, members - 1);
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM activity WHERE group_id = ? AND kind = 'bench'")) {
            ps.setLong(1, groupId);
            ps.executeUpdate();
        }
    }

    /** The baseline: as many rows as the fan-out writes, the same columns, batched by JDBC in one transaction, no HTTP. */
    private void insertRows(long groupId, java.util.List<Long> people) {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO activity (person_id, kind, group_id, actor_id, subject, starts_at, link, "
                    + "created_at, mail_state, mailed_at) VALUES (?, 'bench', ?, NULL, 'Tractage', NULL, '/actions/x', ?, 1, NULL)")) {
                Timestamp now = Timestamp.from(Instant.now());
                int n = 0;
                for (Long person : people) {
                    ps.setLong(1, person);
                    ps.setLong(2, groupId);
                    ps.setTimestamp(3, now);
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
