package dev.gatehouse.tenant.roles;

/** A permission (table {@code permission}) that roles grant. */
public class Permission {

    public String name;
    public String description;
}
