package dev.gatehouse.tenant.setup;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "setup_link")
public class SetupLink extends PanacheEntityBase {

    @Id
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
}
