package dev.gatehouse.tenant.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "management_key")
public class ManagementKey extends PanacheEntityBase {

    @Id
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
}
