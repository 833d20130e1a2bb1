package dev.gatehouse.tenant.tenants;

import dev.gatehouse.tenant.common.Database;
import dev.gatehouse.tenant.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/** Reads and writes tenants ({@code tenant}), in the caller's transaction. */
@ApplicationScoped
public class Tenants {

    private static final String SELECT = "select " + Tenant.COLUMNS + " from tenant ";
    /** A name or a domain (verified or pending) containing the pattern; {@code \} escapes, as in a literal. */
    private static final String MATCHING =
            "where lower(name) like ? or id in (select d.tenant_id from sso_domain d where d.domain like ?)";

    @Inject
    Database db;

    public Optional<Tenant> find(String id) {
        return db.one(SELECT + "where id = ?", Tenant::from, id);
    }

    Optional<Tenant> withName(String name) {
        return db.one(SELECT + "where lower(name) = lower(?) limit 1", Tenant::from, name);
    }

    /** A page by name, all of them or those {@link #MATCHING} a LIKE pattern (null for all). */
    Page<Tenant> page(String pattern, int page, int size) {
        return pattern == null ? db.page(SELECT, "name", Tenant::from, page, size)
                : db.page(SELECT + MATCHING, "name", Tenant::from, page, size, pattern, pattern);
    }

    void insert(Tenant tenant) {
        db.update("insert into tenant (" + Tenant.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)", tenant.id, tenant.name,
                tenant.selfProvisioning, tenant.ssoRequired, tenant.mfaRequired, tenant.createdAt, tenant.updatedAt);
    }

    /** Writes every field but the id and creation time. */
    void save(Tenant tenant) {
        db.update("""
                update tenant set name = ?, self_provisioning = ?, sso_required = ?, mfa_required = ?, updated_at = ?
                where id = ?""", tenant.name, tenant.selfProvisioning, tenant.ssoRequired, tenant.mfaRequired,
                tenant.updatedAt, tenant.id);
    }

    /** Everything of the tenant goes with it (foreign keys cascade). */
    void delete(String id) {
        db.update("delete from tenant where id = ?", id);
    }
}
