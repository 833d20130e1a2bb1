package dev.gatehouse.tenant.tenants;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    public boolean selfProvisioning;
    /** Addresses of this tenant's verified domains sign in through its SSO only (no email codes or links). */
    public boolean ssoRequired;
    /** Members present a second factor when they sign in other than through this tenant's SSO. */
    public boolean mfaRequired;
    public Instant createdAt;
    public Instant updatedAt;
}
