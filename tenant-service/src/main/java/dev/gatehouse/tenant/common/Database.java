package dev.gatehouse.tenant.common;

import dev.gatehouse.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How tenant-service reads and writes its tables: plain SQL with {@code ?} placeholders and values in order (no ORM,
 * issue #14), through {@link Jdbc}. Inside a caller's transaction (JTA) every statement runs on that transaction's
 * connection; outside one each is its own. Values are what {@link Jdbc.Part#bind} takes, and collections of strings
 * (bound as an array, for {@code = any(?)}); a null takes the type of where it goes.
 */
@ApplicationScoped
public class Database {

    @Inject
    DataSource dataSource;

    /** One statement; the rows it changed. */
    public int update(String sql, Object... values) {
        return Jdbc.update(dataSource, "run " + quoted(sql), sql, bound(values));
    }

    public <T> List<T> list(String sql, Jdbc.Row<T> row, Object... values) {
        return Jdbc.queryAll(dataSource, quoted(sql), sql, row, bound(values));
    }

    public <T> Optional<T> one(String sql, Jdbc.Row<T> row, Object... values) {
        return Jdbc.queryOne(dataSource, quoted(sql), sql, row, bound(values));
    }

    /** What is done with each row {@link #each} reads. */
    @FunctionalInterface
    public interface RowAction {
        void on(ResultSet row) throws SQLException;
    }

    /** {@code action} on every row {@code sql} selects, in its order. */
    public void each(String sql, RowAction action, Object... values) {
        list(sql, row -> {
            action.on(row);
            return row;
        }, values);
    }

    /**
     * Page {@code page} (from 0) of {@code size} rows of those {@code select} selects, in {@code order}, and how many
     * it selects in all: a listing of the management API.
     */
    public <T> Page<T> page(String select, String order, Jdbc.Row<T> row, int page, int size, Object... values) {
        long total = count("select count(*) from (" + select + ") listed", values);
        Object[] paged = Arrays.copyOf(values, values.length + 2);
        paged[values.length] = size;
        paged[values.length + 1] = page * size;
        return new Page<>(list(select + " order by " + order + " limit ? offset ?", row, paged), page, size, total);
    }

    /** Whether {@code sql} selects any row. */
    public boolean exists(String sql, Object... values) {
        return one(sql, row -> true, values).isPresent();
    }

    /** The first column of every row, as strings. */
    public List<String> strings(String sql, Object... values) {
        return list(sql, row -> row.getString(1), values);
    }

    /** The number a {@code select count(*)} gives. */
    public long count(String sql, Object... values) {
        return one(sql, row -> row.getLong(1), values).orElse(0L);
    }

    /** Statements that need the connection itself (a batch): on the caller's transaction's, as {@link #update}. */
    public <T> T work(String what, Jdbc.Work<T> work) {
        return Jdbc.write(dataSource, what, work);
    }

    private static Object[] bound(Object[] values) {
        Object[] bound = values.clone();
        for (int i = 0; i < bound.length; i++) {
            if (bound[i] == null) {
                bound[i] = Jdbc.UNTYPED_NULL; // the column's type, not varchar: timestamps and numbers may be null
            } else if (bound[i] instanceof Collection<?> strings) {
                bound[i] = strings.stream().map(String::valueOf).toArray(String[]::new);
            }
        }
        return bound;
    }

    /** What a failure names: the statement's first words (a read says "could not read" them). */
    private static String quoted(String sql) {
        String words = sql.strip().replaceAll("\\s+", " ");
        return "\"" + (words.length() > 80 ? words.substring(0, 80) + "…" : words) + "\"";
    }
}
