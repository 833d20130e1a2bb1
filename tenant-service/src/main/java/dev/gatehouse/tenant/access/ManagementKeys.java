package dev.gatehouse.tenant.access;

import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import dev.gatehouse.tenant.common.Database;
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

    @Inject
    Database db;

    /** Returns the key's id when the secret is a current management key. */
    @Transactional
    public Optional<String> authenticate(String secret) {
        Optional<String> bootstrap = config.bootstrapManagementKey().filter(key -> !key.isBlank());
        if (bootstrap.isPresent() && Secrets.sameSecret(bootstrap.get(), secret)) {
            return Optional.of(BOOTSTRAP_KEY_ID);
        }
        Instant now = Instant.now(clock);
        return db.one("select " + ManagementKey.COLUMNS + " from management_key where secret_hash = ?",
                        ManagementKey::from, Secrets.sha256(secret))
                .filter(key -> key.usableAt(now))
                .map(key -> {
                    db.update("update management_key set last_used_at = ? where id = ?", now, key.id);
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
        db.update("insert into management_key (" + ManagementKey.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)", key.id,
                key.name, key.secretHash, key.createdAt, key.expiresAt, key.revokedAt, key.lastUsedAt);
        auditLog.success(caller, "management-key.create", null, key.id);
        return new CreatedKey(key, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ManagementKey> list() {
        return db.list("select " + ManagementKey.COLUMNS + " from management_key order by created_at", ManagementKey::from);
    }

    @Transactional
    public void revoke(Caller caller, String id) {
        ManagementKey key = db.one("select " + ManagementKey.COLUMNS + " from management_key where id = ? for update",
                        ManagementKey::from, id)
                .orElseThrow(() -> ApiException.notFound("no management key " + id));
        if (key.revokedAt == null) {
            db.update("update management_key set revoked_at = ? where id = ?", Instant.now(clock), id);
            auditLog.success(caller, "management-key.revoke", null, id);
        }
    }

    public record CreatedKey(ManagementKey key, String secret) {
    }
}
