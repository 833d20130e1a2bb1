package dev.gatehouse.common;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the services read and write their tables (plain JDBC, no ORM: issue #14): a read of one statement, at most one
 * row; reads, or a write of one statement, on a connection as it comes; or work in one transaction on one
 * connection (perhaps holding an advisory lock); the parts that one statement composes ({@link Part}); and a failure
 * that says what could not be done.
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

    /**
     * A null whose type PostgreSQL takes from where it goes (a timestamp or number column): a plain null is bound as
     * varchar, which such a column refuses.
     */
    public static final Object UNTYPED_NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

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

    /**
     * Reads made by {@code work} on a pooled connection as it comes: in the caller's transaction when there is one
     * (a service that signs inside one reads the keys there), each statement on its own otherwise.
     */
    public static <T> T read(DataSource dataSource, String what, Work<T> work) {
        return write(dataSource, "read " + what, work);
    }

    /**
     * {@code work} on a pooled connection as it comes, each statement its own transaction (a write of one statement,
     * or {@link #read}). {@code what} says what it does, for the failure.
     */
    public static <T> T write(DataSource dataSource, String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.on(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + what, e);
        }
    }

    /**
     * {@link #inTransaction} holding PostgreSQL's transaction-level advisory lock {@code lock} from its first
     * statement: what changes shared state (the signing keys, the SAML SP keys) does so on one replica at a time.
     */
    public static <T> T underAdvisoryLock(DataSource dataSource, long lock, String what, Work<T> work) {
        return inTransaction(dataSource, what, connection -> {
            try (PreparedStatement acquire = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
                acquire.setLong(1, lock);
                acquire.execute();
            }
            return work.on(connection);
        });
    }

    /**
     * One statement with {@code values} bound in order (the types of {@link Part#bind}), on a connection as it comes
     * ({@link #write}); the rows it changed.
     */
    public static int update(DataSource dataSource, String what, String sql, Object... values) {
        Part part = new Part(sql, values);
        return write(dataSource, what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(part.sql())) {
                part.bind(statement, 1);
                return statement.executeUpdate();
            }
        });
    }

    /** The first row {@code sql} selects, read by {@code row}; empty when there is none. */
    public static <T> Optional<T> queryOne(DataSource dataSource, String what, String sql, Parameters parameters, Row<T> row) {
        return read(dataSource, what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                parameters.bind(select);
                try (ResultSet found = select.executeQuery()) {
                    return found.next() ? Optional.of(row.read(found)) : Optional.empty();
                }
            }
        });
    }

    /**
     * A part of one statement that others compose (a data-modifying CTE, say): its SQL with {@code ?} placeholders,
     * and the values they take in order (strings, instants, string arrays, booleans, longs, integers, bytes, null,
     * {@link #UNTYPED_NULL}).
     */
    public record Part(String sql, List<Object> values) {

        public Part(String sql, Object... values) {
            this(sql, Arrays.asList(values));
        }

        /** Binds this part's values from placeholder {@code first} on; the placeholder after them. */
        public int bind(PreparedStatement statement, int first) throws SQLException {
            int position = first;
            for (Object value : values) {
                if (value instanceof Instant instant) {
                    statement.setTimestamp(position++, Timestamp.from(instant));
                } else if (value instanceof String[] strings) {
                    statement.setArray(position++, statement.getConnection().createArrayOf("varchar", strings));
                } else if (value == UNTYPED_NULL) {
                    statement.setNull(position++, Types.OTHER);
                } else if (value == null || value instanceof String) {
                    statement.setString(position++, (String) value);
                } else if (value instanceof Boolean bool) {
                    statement.setBoolean(position++, bool);
                } else if (value instanceof Long number) {
                    statement.setLong(position++, number);
                } else if (value instanceof Integer number) {
                    statement.setInt(position++, number);
                } else if (value instanceof byte[] bytes) {
                    statement.setBytes(position++, bytes);
                } else {
                    throw new IllegalArgumentException("a statement part takes no " + value.getClass().getSimpleName());
                }
            }
            return position;
        }
    }

    /** The first row {@code sql} selects with {@code values} bound in order ({@link Part#bind}); empty when none. */
    public static <T> Optional<T> queryOne(DataSource dataSource, String what, String sql, Row<T> row, Object... values) {
        Part part = new Part(sql, values);
        return queryOne(dataSource, what, sql, select -> part.bind(select, 1), row);
    }

    /** Every row {@code sql} selects with {@code values} bound in order ({@link Part#bind}), each read by {@code row}. */
    public static <T> List<T> queryAll(DataSource dataSource, String what, String sql, Row<T> row, Object... values) {
        Part part = new Part(sql, values);
        return queryAll(dataSource, what, sql, select -> part.bind(select, 1), row);
    }

    /** Every row {@code sql} selects, in its order, each read by {@code row}. */
    public static <T> List<T> queryAll(DataSource dataSource, String what, String sql, Parameters parameters, Row<T> row) {
        return read(dataSource, what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                parameters.bind(select);
                List<T> rows = new ArrayList<>();
                try (ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        rows.add(row.read(found));
                    }
                }
                return rows;
            }
        });
    }

    /** A nullable varchar array column as strings (none for null). */
    public static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    /** A nullable timestamp column as an instant. */
    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
