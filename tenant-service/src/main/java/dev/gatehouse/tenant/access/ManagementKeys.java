package dev.gatehouse.tenant.access;

import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ManagementKeys {

    static final String BOOTSTRAP_KEY_ID = "bootstrap";

    @Inject
    Clock clock;

    @Inject
    AuditLog auditLog;

    @Inject
    TenantServiceConfig config;

    /** Returns the key's id when the secret is a current management key. */
    @Transactional
    public Optional<String> authenticate(String secret) {
        Optional<String> bootstrap = config.bootstrapManagementKey().filter(key -> !key.isBlank());
        if (bootstrap.isPresent() && Secrets.sameSecret(bootstrap.get(), secret)) {
            return Optional.of(BOOTSTRAP_KEY_ID);
        }
        Instant now = Instant.now(clock);
        return ManagementKey.<ManagementKey>find("secretHash", Secrets.sha256(secret)).firstResultOptional()
                .filter(key -> key.usableAt(now))
                .map(key -> {
                    key.lastUsedAt = now;
                    return key.id;
                });
    }

    @Transactional
    public CreatedKey create(Caller caller, String name, Instant expiresAt) {
        Instant now = Instant.now(clock);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiException.badRequest("expiresAt must be in the future");
        }
        String secret = Secrets.newSecret();
        ManagementKey key = new ManagementKey();
        key.id = Secrets.newId("K");
        key.name = name;
        key.secretHash = Secrets.sha256(secret);
        key.createdAt = now;
        key.expiresAt = expiresAt;
        key.persist();
        auditLog.success(caller, "management-key.create", null, key.id);
        return new CreatedKey(key, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ManagementKey> list() {
        return ManagementKey.listAll(Sort.by("createdAt"));
    }

    @Transactional
    public void revoke(Caller caller, String id) {
        ManagementKey key = ManagementKey.<ManagementKey>findByIdOptional(id)
                .orElseThrow(() -> ApiException.notFound("no management key " + id));
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now(clock);
            auditLog.success(caller, "management-key.revoke", null, id);
        }
    }

    public record CreatedKey(ManagementKey key, String secret) {
    }
}
