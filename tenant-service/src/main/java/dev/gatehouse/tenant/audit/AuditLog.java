package dev.gatehouse.tenant.audit;

import dev.gatehouse.common.Text;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.common.Page;
import dev.gatehouse.tenant.events.EventLog;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class AuditLog {

    @Inject
    Clock clock;

    @Inject
    EventLog events;

    @Inject
    Database db;

    /** Records a change inside the caller's transaction, so the event exists exactly when the change does. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void success(Caller caller, String action, String tenantId, String target) {
        insert(caller.auditName(), action, tenantId, target, "success", null);
    }

    /** Records a refusal in its own transaction: it must survive the rollback of what was refused. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failure(String actor, String action, String tenantId, String target, String detail) {
        insert(actor, action, tenantId, target, "failure", detail);
    }

    /** Records something that happened to a user (a sign-in), not a change made by a caller. */
    @Transactional
    public void event(String actor, String action, String tenantId, String target, String detail) {
        insert(actor, action, tenantId, target, "success", detail);
    }

    /** An event auth-service (or an operator's action) reports, with its outbox id when it has one. */
    public record Reported(String sourceId, Instant occurredAt, String actor, String action, String tenantId,
                           String target, String outcome, String detail) {
    }

    /**
     * Records events reported by auth-service (sign-ins, session starts and ends, refresh-token reuse). One from its
     * outbox comes with {@code sourceId} and may come more than once: a repeat is a no-op. The time is when it
     * happened there ({@code occurredAt}), not when it arrived; without one, now.
     *
     * <p>All rows in one JDBC batch on the transaction's connection (one round trip for a relayed batch, where one
     * statement each made every batch a burst of round trips between tenant-service and PostgreSQL, issue #14): the
     * unique index on source_id turns a repeat into nothing (and no event); without a source id (null never
     * conflicts) it is a plain insert.
     */
    @Transactional
    public void reported(List<Reported> reported) {
        Instant now = Instant.now(clock);
        List<EventLog.Audited> audited = new ArrayList<>();
        for (Reported event : reported) {
            audited.add(new EventLog.Audited(event.action(), event.outcome(),
                    event.occurredAt() == null ? now : event.occurredAt(), event.actor(), event.tenantId(), event.target(),
                    Text.atMost(event.detail(), 2000)));
        }
        int[] inserted = db.work("record reported events", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into audit_event (occurred_at, source_id, actor, action, tenant_id, target, outcome, detail)
                    values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (source_id) do nothing""")) {
                for (int i = 0; i < reported.size(); i++) {
                    EventLog.Audited row = audited.get(i);
                    insert.setObject(1, row.time().atOffset(ZoneOffset.UTC));
                    insert.setString(2, reported.get(i).sourceId());
                    insert.setString(3, row.actor());
                    insert.setString(4, row.action());
                    insert.setString(5, row.tenantId());
                    insert.setString(6, row.target());
                    insert.setString(7, row.outcome());
                    insert.setString(8, row.detail());
                    insert.addBatch();
                }
                return insert.executeBatch();
            }
        });
        // An event follows only a row that was written (a count of 1: not a repeat, and never an unknown count).
        List<EventLog.Audited> written = new ArrayList<>();
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] == 1) {
                written.add(audited.get(i));
            }
        }
        events.onAudited(written);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<AuditEvent> search(AuditQuery query, int page, int size) {
        List<String> where = new ArrayList<>(List.of("true"));
        List<Object> values = new ArrayList<>();
        if (query.tenantId() != null) {
            where.add("tenant_id = ?");
            values.add(query.tenantId());
        }
        if (query.action() != null) {
            where.add("action = ?");
            values.add(query.action());
        }
        if (query.actor() != null) {
            where.add("actor = ?");
            values.add(query.actor());
        }
        return db.page("select " + AuditEvent.COLUMNS + " from audit_event where " + String.join(" and ", where),
                "id desc", AuditEvent::from, page, size, values.toArray());
    }

    private void insert(String actor, String action, String tenantId, String target, String outcome, String detail) {
        insert(actor, action, tenantId, target, outcome, detail, Instant.now(clock), null);
    }

    private void insert(String actor, String action, String tenantId, String target, String outcome, String detail,
                        Instant occurredAt, String sourceId) {
        String kept = Text.atMost(detail, 2000);
        db.update("""
                insert into audit_event (occurred_at, source_id, actor, action, tenant_id, target, outcome, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", occurredAt, sourceId, actor, action, tenantId, target, outcome, kept);
        events.onAudited(List.of(new EventLog.Audited(action, outcome, occurredAt, actor, tenantId, target, kept)));
    }

    public record AuditQuery(String tenantId, String action, String actor) {
    }
}
