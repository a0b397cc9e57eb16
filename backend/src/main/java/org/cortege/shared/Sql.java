package org.cortege.shared;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written SQL for what Micronaut Data cannot express at compile time (filters built from a
 * rule tree, bulk statements). Inside a transaction it uses the transaction's connection, else
 * each call is its own transaction. Every
 * value goes in as a bound parameter; only SQL text written in this codebase is concatenated.
 */
@Singleton
public class Sql {

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Reads one row at a time, for results too big to hold as a list (the map's grids). */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private final JdbcOperations jdbc;

    Sql(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public <T> List<T> list(String sql, List<?> params, RowMapper<T> mapper) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        });
    }

    /** Hands each row to {@code consumer} as it comes, keeping none. */
    @Transactional
    public void each(String sql, List<?> params, RowConsumer consumer) {
        jdbc.prepareStatement(sql, ps -> {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs);
                }
            }
            return null;
        });
    }

    /** The first column of the first row as a number (0 when there is no row or it is null). */
    @Transactional
    public long number(String sql, List<?> params) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Transactional
    public int update(String sql, List<?> params) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, params);
            return ps.executeUpdate();
        });
    }

    /** One statement for many rows, sent as a JDBC batch; returns the update count of each. */
    @Transactional
    public int[] batch(String sql, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return jdbc.prepareStatement(sql, ps -> {
            for (List<Object> row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    private static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (v instanceof LocalDate date) {
                ps.setObject(i + 1, date);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    /** {@code "?, ?, ?"} for n values. */
    public static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
