package dev.gatehouse.tenant.common;

import dev.gatehouse.common.Sealer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Seals OIDC client secrets of tenant connections with {@code gatehouse.secret-key}; opens what previous keys
 * sealed, and re-seals it with the current key on a schedule and on demand (key rotation, deploy/README.md).
 */
@ApplicationScoped
public class SecretBox {

    private static final Logger LOG = Logger.getLogger(SecretBox.class);

    private final Sealer sealer;

    @Inject
    EntityManager em;

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
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery(
                    "select tenant_id, oidc_client_secret from sso_connection where oidc_client_secret is not null for update")
                    .getResultList();
            int resealed = sealer.reseal(rows, (tenantId, value) -> em.createNativeQuery(
                    "update sso_connection set oidc_client_secret = ?1 where tenant_id = ?2")
                    .setParameter(1, value).setParameter(2, tenantId).executeUpdate());
            return sealer.report(resealed);
        });
        if (report.resealed() > 0) {
            LOG.infof("re-sealed %d client secrets with secret key %s", report.resealed(), report.currentKeyId());
        }
        return report;
    }

    @Scheduled(every = "6h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledReseal() {
        reseal();
    }
}
