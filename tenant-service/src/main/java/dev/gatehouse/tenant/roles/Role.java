package dev.gatehouse.tenant.roles;

import java.util.Set;
import java.util.TreeSet;

/** A role (table {@code role}) and the permissions it grants ({@code role_permission}). */
public class Role {

    public static final String TENANT_ADMIN = "Tenant Admin";

    public String name;
    public String description;
    public boolean builtIn;
    public Set<String> permissions = new TreeSet<>();
}
