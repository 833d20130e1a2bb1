package dev.gatehouse.tenant.scim;

import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.tenants.TenantService;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's SCIM bearer tokens: {@code scim_} and 256 random bits, shown once, stored as a hash, scoped to that one
 * tenant. Creating a new one does not end the old ones (a rotation: configure the new token at the IdP, then revoke
 * the old one).
 */
@ApplicationScoped
@Transactional
public class ScimTokens {

    static final String PREFIX = "scim_";

    @Inject
    Database db;

    @Inject
    Clock clock;

    @Inject
    TenantService tenants;

    @Inject
    AuditLog auditLog;

    public record Created(TokenView token, String secret) {
    }

    public record TokenView(String id, String tenantId, String createdBy, Instant createdAt, Instant lastUsedAt,
                            Instant revokedAt) {
    }

    /** The SCIM client behind a token: which token (for audit and rate limits) and which tenant it may touch. */
    public record Client(String tokenId, String tenantId) {
        String auditName() {
            return "scim:" + tokenId;
        }
    }

    public Created create(Caller caller, String tenantId) {
        tenants.require(tenantId);
        String secret = PREFIX + Secrets.newSecret();
        String id = Secrets.newId("st_");
        Instant now = Instant.now(clock);
        db.update("insert into scim_token (id, tenant_id, token_hash, created_by, created_at) values (?, ?, ?, ?, ?)",
                id, tenantId, Secrets.sha256(secret), caller.auditName(), now);
        auditLog.success(caller, "scim.token.create", tenantId, id);
        return new Created(new TokenView(id, tenantId, caller.auditName(), now, null, null), secret);
    }

    public void revoke(Caller caller, String tenantId, String id) {
        int revoked = db.update("update scim_token set revoked_at = ? where id = ? and tenant_id = ? and revoked_at is null",
                Instant.now(clock), id, tenantId);
        if (revoked == 0 && list(tenantId).stream().noneMatch(t -> t.id().equals(id))) {
            throw ApiException.notFound("no SCIM token " + id + " in tenant " + tenantId);
        }
        auditLog.success(caller, "scim.token.revoke", tenantId, id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TokenView> list(String tenantId) {
        tenants.require(tenantId);
        return db.list("""
                select id, tenant_id, created_by, created_at, last_used_at, revoked_at from scim_token
                where tenant_id = ? order by created_at desc""", row -> new TokenView(row.getString(1), row.getString(2),
                row.getString(3), Jdbc.instant(row.getTimestamp(4)), Jdbc.instant(row.getTimestamp(5)),
                Jdbc.instant(row.getTimestamp(6))), tenantId);
    }

    /** The client of a live token, and its last use recorded; empty for anything else. */
    public Optional<Client> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return db.one("""
                update scim_token set last_used_at = ? where token_hash = ? and revoked_at is null
                returning id, tenant_id""", row -> new Client(row.getString(1), row.getString(2)),
                Instant.now(clock), Secrets.sha256(secret));
    }
}
