package dev.gatehouse.tenant.setup;

import dev.gatehouse.common.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A self-service SSO setup link (table {@code setup_link}); only its secret's hash is stored. */
public class SetupLink {

    static final String COLUMNS = "id, tenant_id, secret_hash, created_by, created_at, expires_at, revoked_at, last_used_at";

    public String id;
    public String tenantId;
    public String secretHash;
    public String createdBy;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant revokedAt;
    public Instant lastUsedAt;

    boolean usableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    static SetupLink from(ResultSet row) throws SQLException {
        SetupLink link = new SetupLink();
        link.id = row.getString(1);
        link.tenantId = row.getString(2);
        link.secretHash = row.getString(3);
        link.createdBy = row.getString(4);
        link.createdAt = Jdbc.instant(row.getTimestamp(5));
        link.expiresAt = Jdbc.instant(row.getTimestamp(6));
        link.revokedAt = Jdbc.instant(row.getTimestamp(7));
        link.lastUsedAt = Jdbc.instant(row.getTimestamp(8));
        return link;
    }
}
