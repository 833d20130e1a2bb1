package dev.gatehouse.tenant.invitations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** An address invited into a tenant; only the hash of its link's token is stored. */
@Entity
@Table(name = "invitation")
public class Invitation extends PanacheEntityBase {

    @Id
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
