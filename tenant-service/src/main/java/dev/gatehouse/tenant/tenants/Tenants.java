package dev.gatehouse.tenant.tenants;

import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
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
    List<Tenant> page(String pattern, int offset, int limit) {
        return pattern == null
                ? db.list(SELECT + "order by name limit ? offset ?", Tenant::from, limit, offset)
                : db.list(SELECT + MATCHING + " order by name limit ? offset ?", Tenant::from, pattern, pattern, limit, offset);
    }

    long count(String pattern) {
        return pattern == null ? db.count("select count(*) from tenant")
                : db.count("select count(*) from tenant " + MATCHING, pattern, pattern);
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
