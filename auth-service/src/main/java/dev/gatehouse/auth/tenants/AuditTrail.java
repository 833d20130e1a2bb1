package dev.gatehouse.auth.tenants;

import dev.gatehouse.common.Jdbc;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.Text;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    Clock clock;

    @Inject
    DataSource dataSource;

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
        // On the transaction's own connection: the row joins the transaction of what it reports.
        Runnable insert = () -> Jdbc.write(dataSource, "record " + action, connection -> {
            write(connection, new Entry(actor, action, tenantId, target, detail));
            return null;
        });
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

    /** What {@link #record} records, for a caller that writes it in a statement of its own ({@link #insertWhere}). */
    public record Entry(String actor, String action, String tenantId, String target, String detail) {
    }

    /**
     * {@link #record} as a part of the caller's statement (a hot path), written only where
     * {@code condition} (SQL) holds; once that committed with the entry written, the caller calls
     * {@link #committed(Entry)}. Successes only: a failure needs its own transaction, which {@link #record} gives.
     */
    public Jdbc.Part insertWhere(Entry entry, String condition) {
        return new Jdbc.Part("""
                insert into audit_outbox (id, occurred_at, actor, action, tenant_id, target, outcome, detail)
                select ?, ?::timestamptz, ?, ?, ?, ?, ?, ? where %s""".formatted(condition), Secrets.newId("aud_"),
                Instant.now(clock), entry.actor(), entry.action(), entry.tenantId(), Text.atMost(entry.target(), 400),
                outcomeOf(entry.action()), Text.atMost(entry.detail(), 2000));
    }

    private static void log(String actor, String action, String tenantId, String target, String detail) {
        LOG.infof("actor=%s action=%s tenant=%s target=%s detail=%s", actor, action, tenantId, target, detail);
    }

    private void write(Connection connection, Entry entry) throws SQLException {
        Jdbc.Part part = insertWhere(entry, "true");
        try (PreparedStatement insert = connection.prepareStatement(part.sql())) {
            part.bind(insert, 1);
            insert.executeUpdate();
        }
    }

    /** What {@link #insertWhere} wrote has committed: log it, and relay it now. */
    public void committed(Entry entry) {
        log(entry.actor(), entry.action(), entry.tenantId(), entry.target(), entry.detail());
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

    /**
     * Sends what waits, oldest first; stops at the first failure (tenant-service down) and leaves the rest. Outside
     * any transaction of the caller's (a refusal's event is relayed while the refused request's may be open).
     */
    @Scheduled(every = "${gatehouse.audit.relay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            int sent;
            do {
                sent = QuarkusTransaction.suspendingExisting().call(this::sendBatch);
            } while (sent == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("audit events wait in the outbox: tenant-service did not take them (%s)", e.getMessage());
        }
    }

    /**
     * One batch in one JDBC transaction (the ORM's native queries that did it before were half of the relay's CPU, a
     * tenth of auth-service's under code exchanges, issue #14): the rows locked, sent, deleted, committed. Rows another relay
     * holds are skipped; a failure rolls back and leaves them all.
     */
    private int sendBatch() {
        return Jdbc.inTransaction(dataSource, "relay the audit outbox", connection -> {
            List<Long> seqs = new ArrayList<>();
            List<TenantServiceApi.AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select seq, id, occurred_at, actor, action, tenant_id, target, outcome, detail from audit_outbox
                    order by seq limit ? for update skip locked""")) {
                select.setInt(1, BATCH);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        seqs.add(rows.getLong(1));
                        entries.add(new TenantServiceApi.AuditEntry(rows.getString(4), rows.getString(5),
                                rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
                                rows.getString(2), rows.getTimestamp(3).toInstant()));
                    }
                }
            }
            if (!entries.isEmpty()) {
                send(entries);
                try (PreparedStatement delete = connection.prepareStatement("delete from audit_outbox where seq = any(?)")) {
                    delete.setArray(1, connection.createArrayOf("bigint", seqs.toArray()));
                    delete.executeUpdate();
                }
            }
            return entries.size();
        });
    }

    private void send(List<TenantServiceApi.AuditEntry> entries) {
        try {
            api.auditBatch(entries);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                throw e;
            }
            entries.forEach(api::audit); // a tenant-service older than the batch call, during a rolling upgrade
        }
    }

    private static String outcomeOf(String action) {
        return action.endsWith("-reuse") || action.endsWith(".failure") ? "failure" : "success";
    }
}
