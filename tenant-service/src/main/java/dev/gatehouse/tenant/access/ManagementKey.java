package dev.gatehouse.tenant.access;

import dev.gatehouse.common.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A management API key (table {@code management_key}); only its secret's hash is stored. */
public class ManagementKey {

    static final String COLUMNS = "id, name, secret_hash, created_at, expires_at, revoked_at, last_used_at";

    public String id;
    public String name;
    public String secretHash;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant revokedAt;
    public Instant lastUsedAt;

    boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    static ManagementKey from(ResultSet row) throws SQLException {
        ManagementKey key = new ManagementKey();
        key.id = row.getString(1);
        key.name = row.getString(2);
        key.secretHash = row.getString(3);
        key.createdAt = Jdbc.instant(row.getTimestamp(4));
        key.expiresAt = Jdbc.instant(row.getTimestamp(5));
        key.revokedAt = Jdbc.instant(row.getTimestamp(6));
        key.lastUsedAt = Jdbc.instant(row.getTimestamp(7));
        return key;
    }
}
