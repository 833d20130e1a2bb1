package dev.gatehouse.auth.common;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The hot paths that go around the ORM (issue #14): a read of one statement on a pooled connection of its own, at
 * most one row; or work in one transaction on one connection; and a failure that says what could not be done.
 */
public final class Jdbc {

    @FunctionalInterface
    public interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private Jdbc() {
    }

    /**
     * {@code work} in one transaction on a pooled connection: committed when it returns (work that rolled back
     * itself commits nothing), rolled back when it throws. {@code what} says what it does, for the failure.
     */
    public static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.on(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + what, e);
        }
    }

    /** The first row {@code sql} selects, read by {@code row}; empty when there is none. */
    public static <T> Optional<T> queryOne(DataSource dataSource, String what, String sql, Parameters parameters, Row<T> row) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            parameters.bind(select);
            try (ResultSet found = select.executeQuery()) {
                return found.next() ? Optional.of(row.read(found)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + what, e);
        }
    }

    /** A nullable timestamp column as an instant. */
    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
