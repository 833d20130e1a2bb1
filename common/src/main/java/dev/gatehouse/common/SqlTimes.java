package dev.gatehouse.common;

import java.time.Instant;
import java.time.OffsetDateTime;

/** A {@code timestamptz} column as native queries return it (OffsetDateTime, Timestamp or Instant), as an Instant. */
public final class SqlTimes {

    private SqlTimes() {
    }

    public static Instant instant(Object value) {
        return value == null ? null : value instanceof OffsetDateTime odt ? odt.toInstant()
                : value instanceof java.sql.Timestamp ts ? ts.toInstant() : (Instant) value;
    }
}
