package dev.gatehouse.auth.tenants;

import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.SqlTimes;
import dev.gatehouse.common.Text;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.WebApplicationException;
import org.hibernate.Session;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Security events of auth-service (sign-ins, session starts and ends, failures, refresh-token reuse) go to
 * tenant-service's append-only audit log, and from there to webhooks and the events API, at least once: each is
 * written to {@code audit_outbox} in the transaction of what it reports (a failure in its own, so that it survives
 * the rollback of what was refused), and otherwise by the relay every few seconds until tenant-service has it. The
 * event's id makes a repeat a no-op there. Also logged here.
 *
 * <p>A success (a sign-in, a session started or ended) is sent a tenth of a second after the commit by the relay's own
 * thread, with whatever else committed meanwhile: the request that caused it never waits for tenant-service (the
 * code exchange's p99 is one of issue #14's goals). A failure is sent before the refusal is answered, as before:
 * refusals are rare, and the tenant's admin looking at sign-in events sees the reason at once.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger("gatehouse.audit");
    private static final int BATCH = 100;
    private static final Duration GATHER = Duration.ofMillis(100);

    @Inject
    @RestClient
    TenantServiceApi api;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    TransactionSynchronizationRegistry transactions;

    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "audit-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean relayAsked = new AtomicBoolean();

    public void record(String actor, String action, String tenantId, String target, String detail) {
        log(actor, action, tenantId, target, detail);
        String outcome = outcomeOf(action);
        // Through the ORM session's own connection: the row joins the transaction of what it reports.
        Runnable insert = () -> em.unwrap(Session.class).doWork(connection -> write(connection, actor, action, tenantId,
                target, detail));
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
                        relaySoon();
                    }
                }
            });
        }
    }

    /**
     * {@link #record} inside the caller's JDBC transaction (a hot path without the ORM); after its commit the caller
     * calls {@link #committed()}. Successes only: a failure needs its own transaction, which {@link #record} gives.
     */
    public void recordOn(Connection connection, String actor, String action, String tenantId, String target, String detail) {
        log(actor, action, tenantId, target, detail);
        try {
            write(connection, actor, action, tenantId, target, detail);
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the audit outbox", e);
        }
    }

    private static void log(String actor, String action, String tenantId, String target, String detail) {
        LOG.infof("actor=%s action=%s tenant=%s target=%s detail=%s", actor, action, tenantId, target, detail);
    }

    private void write(Connection connection, String actor, String action, String tenantId, String target, String detail)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into audit_outbox (id, occurred_at, actor, action, tenant_id, target, outcome, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, Secrets.newId("aud_"));
            insert.setTimestamp(2, Timestamp.from(Instant.now(clock)));
            insert.setString(3, actor);
            insert.setString(4, action);
            insert.setString(5, tenantId);
            insert.setString(6, Text.atMost(target, 400));
            insert.setString(7, outcomeOf(action));
            insert.setString(8, Text.atMost(detail, 2000));
            insert.executeUpdate();
        }
    }

    /** What {@link #recordOn} wrote has committed: relay it now. */
    public void committed() {
        relaySoon();
    }

    /**
     * A relay on the relay's thread, {@link #GATHER} from now; asks made until then are served by it, so that under
     * load one call to tenant-service carries many events (one call per event cost tenant-service 3 ms of CPU each).
     */
    private void relaySoon() {
        if (relayAsked.compareAndSet(false, true)) {
            try {
                sender.execute(() -> {
                    try {
                        Thread.sleep(GATHER.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return; // shutting down: the outbox keeps the event for the next start
                    }
                    relayAsked.set(false);
                    relay();
                });
            } catch (RejectedExecutionException e) {
                relayAsked.set(false); // shutting down: the outbox keeps the event for the next start
            }
        }
    }

    @PreDestroy
    void stop() {
        sender.shutdown();
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
        if (rows.isEmpty()) {
            return 0;
        }
        List<TenantServiceApi.AuditEntry> entries = rows.stream().map(row -> new TenantServiceApi.AuditEntry((String) row[3],
                (String) row[4], (String) row[5], (String) row[6], (String) row[7], (String) row[8], (String) row[1],
                SqlTimes.instant(row[2]))).toList();
        try {
            api.auditBatch(entries);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                throw e;
            }
            entries.forEach(api::audit); // a tenant-service older than the batch call, during a rolling upgrade
        }
        em.createNativeQuery("delete from audit_outbox where seq in (:sent)")
                .setParameter("sent", rows.stream().map(row -> ((Number) row[0]).longValue()).toList())
                .executeUpdate();
        return rows.size();
    }

    private static String outcomeOf(String action) {
        return action.endsWith("-reuse") || action.endsWith(".failure") ? "failure" : "success";
    }
}
