package dev.gatehouse.tenant.scim;

import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.SqlTimes;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.tenants.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
    EntityManager em;

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
        em.createNativeQuery("""
                        insert into scim_token (id, tenant_id, token_hash, created_by, created_at) values (?1, ?2, ?3, ?4, ?5)""")
                .setParameter(1, id).setParameter(2, tenantId).setParameter(3, Secrets.sha256(secret))
                .setParameter(4, caller.auditName()).setParameter(5, now).executeUpdate();
        auditLog.success(caller, "scim.token.create", tenantId, id);
        return new Created(new TokenView(id, tenantId, caller.auditName(), now, null, null), secret);
    }

    public void revoke(Caller caller, String tenantId, String id) {
        int revoked = em.createNativeQuery(
                        "update scim_token set revoked_at = ?1 where id = ?2 and tenant_id = ?3 and revoked_at is null")
                .setParameter(1, Instant.now(clock)).setParameter(2, id).setParameter(3, tenantId).executeUpdate();
        if (revoked == 0 && list(tenantId).stream().noneMatch(t -> t.id().equals(id))) {
            throw ApiException.notFound("no SCIM token " + id + " in tenant " + tenantId);
        }
        auditLog.success(caller, "scim.token.revoke", tenantId, id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TokenView> list(String tenantId) {
        tenants.require(tenantId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select id, tenant_id, created_by, created_at, last_used_at, revoked_at from scim_token
                        where tenant_id = ?1 order by created_at desc""").setParameter(1, tenantId).getResultList();
        return rows.stream().map(r -> new TokenView((String) r[0], (String) r[1], (String) r[2], SqlTimes.instant(r[3]),
                SqlTimes.instant(r[4]), SqlTimes.instant(r[5]))).toList();
    }

    /** The client of a live token, and its last use recorded; empty for anything else. */
    public Optional<Client> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        update scim_token set last_used_at = ?1 where token_hash = ?2 and revoked_at is null
                        returning id, tenant_id""")
                .setParameter(1, Instant.now(clock)).setParameter(2, Secrets.sha256(secret)).getResultList();
        return rows.stream().findFirst().map(r -> new Client((String) r[0], (String) r[1]));
    }
}
