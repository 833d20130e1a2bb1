package dev.gatehouse.tenant.tenants;

import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/** Reads and writes tenants' domain claims ({@code sso_domain}), in the caller's transaction. */
@ApplicationScoped
public class SsoDomains {

    private static final String SELECT = "select " + SsoDomain.COLUMNS + " from sso_domain ";

    @Inject
    Database db;

    /** The verified domains of a tenant: the ones that route sign-ins. */
    public List<String> namesOf(String tenantId) {
        return db.strings("select domain from sso_domain where tenant_id = ? and status = ? order by domain",
                tenantId, SsoDomain.VERIFIED);
    }

    public List<SsoDomain> pendingOf(String tenantId) {
        return db.list(SELECT + "where tenant_id = ? and status = ? order by domain", SsoDomain::from,
                tenantId, SsoDomain.PENDING);
    }

    /** Every pending claim, for the scheduled re-check. */
    List<SsoDomain> allPending() {
        return db.list(SELECT + "where status = ?", SsoDomain::from, SsoDomain.PENDING);
    }

    /** The one verified claim on a domain, if any tenant proved it. */
    public Optional<SsoDomain> verifiedClaim(String domain) {
        return db.one(SELECT + "where domain = ? and status = ?", SsoDomain::from, domain, SsoDomain.VERIFIED);
    }

    /** A tenant's claim on a domain, pending or verified. */
    public Optional<SsoDomain> claim(String domain, String tenantId) {
        return db.one(SELECT + "where domain = ? and tenant_id = ?", SsoDomain::from, domain, tenantId);
    }

    void insert(SsoDomain claim) {
        db.update("insert into sso_domain (" + SsoDomain.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)", claim.domain,
                claim.tenantId, claim.status, claim.verificationToken, claim.createdAt, claim.verifiedAt,
                claim.lastCheckedAt);
    }

    /** Writes a claim's status and times. */
    void save(SsoDomain claim) {
        db.update("update sso_domain set status = ?, verified_at = ?, last_checked_at = ? where domain = ? and tenant_id = ?",
                claim.status, claim.verifiedAt, claim.lastCheckedAt, claim.domain, claim.tenantId);
    }

    void delete(SsoDomain claim) {
        db.update("delete from sso_domain where domain = ? and tenant_id = ?", claim.domain, claim.tenantId);
    }
}
