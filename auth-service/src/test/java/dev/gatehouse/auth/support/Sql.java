package dev.gatehouse.auth.support;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** A test's own statements on auth-service's tables: what it ages or reads back by hand. */
public final class Sql {

    private Sql() {
    }

    /** Runs an update with {@code values} bound in order (instants as timestamps); the rows it changed. */
    public static int update(DataSource dataSource, String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepared(connection, sql, values)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The single number a {@code select count(*) …} answers. */
    public static long count(DataSource dataSource, String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepared(connection, sql, values);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The text in the first column of the first row a query answers; null when it answers none. */
    public static String text(DataSource dataSource, String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepared(connection, sql, values);
             ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepared(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i]);
        }
        return statement;
    }
}
