package dev.gatehouse.tenant.common;

import dev.gatehouse.common.Sealer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Seals OIDC client secrets of tenant connections and webhook signing secrets with {@code gatehouse.secret-key}; opens what previous keys
 * sealed, and re-seals it with the current key on a schedule and on demand (key rotation, deploy/README.md).
 */
@ApplicationScoped
public class SecretBox {

    private static final Logger LOG = Logger.getLogger(SecretBox.class);

    private final Sealer sealer;

    @Inject
    Database db;

    @Inject
    public SecretBox(TenantServiceConfig config) {
        this.sealer = Sealer.fromBase64(config.secretKey(), config.previousSecretKeys().orElse(List.of()), "gatehouse.secret-key");
    }

    public String seal(String plain) {
        return sealer.seal(plain);
    }

    public String open(String sealed) {
        return sealer.open(sealed);
    }

    /** Moves every sealed secret to the current key; {@code onOtherKeys} 0 means previous keys can go. */
    public Sealer.ResealReport reseal() {
        Sealer.ResealReport report = QuarkusTransaction.requiringNew().call(() -> {
            int resealed = reseal("sso_connection", "tenant_id", "oidc_client_secret")
                    + reseal("webhook_endpoint", "id", "secret")
                    + reseal("webhook_endpoint", "id", "previous_secret");
            return sealer.report(resealed);
        });
        if (report.resealed() > 0) {
            LOG.infof("re-sealed %d secrets with secret key %s", report.resealed(), report.currentKeyId());
        }
        return report;
    }

    private int reseal(String table, String key, String column) {
        List<Object[]> rows = db.list("select " + key + ", " + column + " from " + table + " where " + column
                + " is not null for update", row -> new Object[] {row.getString(1), row.getString(2)});
        return sealer.reseal(rows, (id, value) -> db.update(
                "update " + table + " set " + column + " = ? where " + key + " = ?", value, id));
    }

    @Scheduled(every = "6h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledReseal() {
        reseal();
    }
}
