package dev.gatehouse.auth.keys;

import dev.gatehouse.common.Sealer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Moves every sealed secret (signing keys, the SAML SP key, TOTP secrets) to the current key-encryption key, on a
 * schedule and on demand, and reports how many values still need a previous key: at zero, it can be removed.
 */
@ApplicationScoped
public class Reseal {

    private static final Logger LOG = Logger.getLogger(Reseal.class);
    private static final List<String> SEALED_COLUMNS = List.of("signing_key:kid:private_key", "saml_sp_key:id:private_key",
            "totp_factor:user_id:secret_sealed");

    @Inject
    Sealer sealer;

    @Inject
    EntityManager em;

    public Sealer.ResealReport run() {
        Sealer.ResealReport report = QuarkusTransaction.requiringNew().call(() -> {
            int resealed = 0;
            for (String column : SEALED_COLUMNS) {
                String[] parts = column.split(":");
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery("select " + parts[1] + ", " + parts[2] + " from " + parts[0]
                        + " for update").getResultList();
                resealed += sealer.reseal(rows, (id, value) -> em.createNativeQuery("update " + parts[0] + " set "
                        + parts[2] + " = ?1 where " + parts[1] + " = ?2").setParameter(1, value).setParameter(2, id).executeUpdate());
            }
            return sealer.report(resealed);
        });
        if (report.resealed() > 0) {
            LOG.infof("re-sealed %d private keys with key-encryption key %s", report.resealed(), report.currentKeyId());
        }
        return report;
    }

    @Scheduled(every = "6h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }
}
