package dev.gatehouse.auth.tenants;

import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.SqlTimes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Security events of auth-service (sign-ins, session starts and ends, failures, refresh-token reuse) go to
 * tenant-service's append-only audit log, and from there to webhooks and the events API, at least once: each is
 * written to {@code audit_outbox} in the transaction of what it reports (a failure in its own, so that it survives
 * the rollback of what was refused), sent right after commit, and otherwise by the relay every few seconds until
 * tenant-service has it. The event's id makes a repeat a no-op there. Also logged here.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger("gatehouse.audit");
    private static final int BATCH = 100;

    @Inject
    @RestClient
    TenantServiceApi api;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    TransactionSynchronizationRegistry transactions;

    public void record(String actor, String action, String tenantId, String target, String detail) {
        LOG.infof("actor=%s action=%s tenant=%s target=%s detail=%s", actor, action, tenantId, target, detail);
        String outcome = outcomeOf(action);
        Runnable insert = () -> insert(actor, action, tenantId, target, outcome, detail);
        if (outcome.equals("failure") || transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            QuarkusTransaction.requiringNew().run(insert);
            relay();
        } else {
            insert.run();
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        relay();
                    }
                }
            });
        }
    }

    /** Sends what waits, oldest first; stops at the first failure (tenant-service down) and leaves the rest. */
    @Scheduled(every = "${gatehouse.audit.relay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            int sent;
            do {
                sent = QuarkusTransaction.requiringNew().call(this::sendBatch);
            } while (sent == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("audit events wait in the outbox: tenant-service did not take them (%s)", e.getMessage());
        }
    }

    private int sendBatch() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select seq, id, occurred_at, actor, action, tenant_id, target, outcome, detail from audit_outbox
                        order by seq limit ?1 for update skip locked""")
                .setParameter(1, BATCH).getResultList();
        int sent = 0;
        for (Object[] row : rows) {
            api.audit(new TenantServiceApi.AuditEntry((String) row[3], (String) row[4], (String) row[5], (String) row[6],
                    (String) row[7], (String) row[8], (String) row[1], SqlTimes.instant(row[2])));
            em.createNativeQuery("delete from audit_outbox where seq = ?1").setParameter(1, row[0]).executeUpdate();
            sent++;
        }
        return sent;
    }

    private void insert(String actor, String action, String tenantId, String target, String outcome, String detail) {
        em.createNativeQuery("""
                        insert into audit_outbox (id, occurred_at, actor, action, tenant_id, target, outcome, detail)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, Secrets.newId("aud_")).setParameter(2, Instant.now(clock)).setParameter(3, actor)
                .setParameter(4, action).setParameter(5, tenantId).setParameter(6, cut(target, 400))
                .setParameter(7, outcome).setParameter(8, cut(detail, 2000))
                .executeUpdate();
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static String outcomeOf(String action) {
        return action.endsWith("-reuse") || action.endsWith(".failure") ? "failure" : "success";
    }
}
