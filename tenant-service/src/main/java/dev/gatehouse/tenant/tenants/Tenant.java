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
    public Instant createdAt;
    public Instant updatedAt;
}
