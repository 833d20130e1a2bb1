package dev.gatehouse.tenant.roles;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import java.util.Set;
import java.util.TreeSet;

@Entity
@Table(name = "role")
public class Role extends PanacheEntityBase {

    public static final String TENANT_ADMIN = "Tenant Admin";

    @Id
    public String name;
    public String description;
    public boolean builtIn;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "role_permission", joinColumns = @JoinColumn(name = "role_name"))
    @Column(name = "permission_name")
    public Set<String> permissions = new TreeSet<>();
}
