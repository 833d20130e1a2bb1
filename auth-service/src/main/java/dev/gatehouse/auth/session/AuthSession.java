package dev.gatehouse.auth.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One sign-in and its refresh-token family. */
@Entity
@Table(name = "auth_session")
public class AuthSession extends PanacheEntityBase {

    @Id
    public String id;
    public String userId;
    /** The current tenant ({@code dct}), if any. */
    public String tenantId;
    public String amr;
    public String refreshHash;
    /** The current refresh JWT, sealed, so concurrent refreshes inside the reuse interval get the same one. */
    public String refreshSealed;
    public String previousRefreshHash;
    public Instant rotatedAt;
    public Instant createdAt;
    public Instant lastRefreshAt;
    public Instant expiresAt;
    public Instant revokedAt;
    public String revokeReason;

    boolean activeAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
