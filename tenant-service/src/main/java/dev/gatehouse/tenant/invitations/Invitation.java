package dev.gatehouse.tenant.invitations;

import dev.gatehouse.common.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** An address invited into a tenant; only the hash of its link's token is stored. */
public class Invitation {

    static final String COLUMNS = """
            id, tenant_id, email, role_names, token_hash, invited_by, created_at, expires_at, last_sent_at, sent_count,
            accepted_at, accepted_by, revoked_at""";
    public String id;
    public String tenantId;
    public String email;
    /** Comma-separated tenant role names granted on acceptance (possibly none). */
    public String roleNames;
    public String tokenHash;
    public String invitedBy;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant lastSentAt;
    public int sentCount;
    public Instant acceptedAt;
    public String acceptedBy;
    public Instant revokedAt;

    static Invitation from(ResultSet row) throws SQLException {
        Invitation invitation = new Invitation();
        invitation.id = row.getString(1);
        invitation.tenantId = row.getString(2);
        invitation.email = row.getString(3);
        invitation.roleNames = row.getString(4);
        invitation.tokenHash = row.getString(5);
        invitation.invitedBy = row.getString(6);
        invitation.createdAt = Jdbc.instant(row.getTimestamp(7));
        invitation.expiresAt = Jdbc.instant(row.getTimestamp(8));
        invitation.lastSentAt = Jdbc.instant(row.getTimestamp(9));
        invitation.sentCount = row.getInt(10);
        invitation.acceptedAt = Jdbc.instant(row.getTimestamp(11));
        invitation.acceptedBy = row.getString(12);
        invitation.revokedAt = Jdbc.instant(row.getTimestamp(13));
        return invitation;
    }

    List<String> roles() {
        return roleNames.isEmpty() ? List.of() : Arrays.asList(roleNames.split(","));
    }

    String status(Instant now) {
        if (acceptedAt != null) {
            return "accepted";
        }
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt.isAfter(now) ? "pending" : "expired";
    }
}
