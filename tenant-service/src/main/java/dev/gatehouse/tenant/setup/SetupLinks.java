package dev.gatehouse.tenant.setup;

import dev.gatehouse.common.Secrets;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.tenants.TenantService;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Self-service SSO setup links. The secret is 256 random bits prefixed {@code gsl_}, stored hashed; a
 * random bearer secret with a database row is as strong as a signed token and can be revoked at once.
 */
@ApplicationScoped
public class SetupLinks {

    public static final String PREFIX = "gsl_";
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    static final Duration MAX_LIFETIME = Duration.ofDays(30);

    @Inject
    Clock clock;

    @Inject
    AuditLog auditLog;

    @Inject
    TenantService tenants;

    @Inject
    Database db;

    @Transactional
    public CreatedLink create(Caller caller, String tenantId, Duration lifetime) {
        tenants.require(tenantId);
        Duration validFor = lifetime == null ? DEFAULT_LIFETIME : lifetime;
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_LIFETIME) > 0) {
            throw ApiException.badRequest("validFor must be a positive ISO-8601 duration of at most P30D");
        }
        String secret = PREFIX + Secrets.newSecret();
        SetupLink link = new SetupLink();
        link.id = Secrets.newId("L");
        link.tenantId = tenantId;
        link.secretHash = Secrets.sha256(secret);
        link.createdBy = caller.auditName();
        link.createdAt = Instant.now(clock);
        link.expiresAt = link.createdAt.plus(validFor);
        db.update("insert into setup_link (" + SetupLink.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)", link.id,
                link.tenantId, link.secretHash, link.createdBy, link.createdAt, link.expiresAt, link.revokedAt,
                link.lastUsedAt);
        auditLog.success(caller, "setup-link.create", tenantId, link.id);
        return new CreatedLink(link, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SetupLink> list(String tenantId) {
        tenants.require(tenantId);
        return db.list("select " + SetupLink.COLUMNS + " from setup_link where tenant_id = ? order by created_at",
                SetupLink::from, tenantId);
    }

    @Transactional
    public void revoke(Caller caller, String tenantId, String linkId) {
        SetupLink link = db.one("select " + SetupLink.COLUMNS + " from setup_link where id = ? and tenant_id = ? for update",
                        SetupLink::from, linkId, tenantId)
                .orElseThrow(() -> ApiException.notFound("tenant " + tenantId + " has no setup link " + linkId));
        if (link.revokedAt == null) {
            db.update("update setup_link set revoked_at = ? where id = ?", Instant.now(clock), linkId);
            auditLog.success(caller, "setup-link.revoke", tenantId, linkId);
        }
    }

    /** The link of a usable secret; each use is audited. */
    @Transactional
    public Optional<Caller.SetupLinkHolder> authenticate(String secret, String path) {
        Instant now = Instant.now(clock);
        Optional<SetupLink> link = db.one("select " + SetupLink.COLUMNS + " from setup_link where secret_hash = ?",
                        SetupLink::from, Secrets.sha256(secret))
                .filter(l -> l.usableAt(now));
        link.ifPresent(l -> {
            db.update("update setup_link set last_used_at = ? where id = ?", now, l.id);
            auditLog.event("link:" + l.id, "setup-link.use", l.tenantId, path, null);
        });
        return link.map(l -> new Caller.SetupLinkHolder(l.id, l.tenantId));
    }

    public record CreatedLink(SetupLink link, String secret) {
    }
}
