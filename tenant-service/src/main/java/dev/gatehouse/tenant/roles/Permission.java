package dev.gatehouse.tenant.roles;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "permission")
public class Permission extends PanacheEntityBase {

    @Id
    public String name;
    public String description;
}
