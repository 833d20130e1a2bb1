package dev.gatehouse.tenant.audit;

import dev.gatehouse.common.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Append-only: rows are inserted, never updated or deleted by the application. */
public class AuditEvent {

    /** The columns {@link #from} reads, in its order. */
    static final String COLUMNS = "id, occurred_at, actor, action, tenant_id, target, outcome, detail, source_id";

    public Long id;
    public Instant occurredAt;
    public String actor;
    public String action;
    public String tenantId;
    public String target;
    public String outcome;
    public String detail;
    /** The id an event had at its source (auth-service's outbox), for at-least-once delivery. */
    public String sourceId;

    /** The user an actor names: {@code user:X} (ours) or {@code auth:user:X} (reported by auth-service); else null. */
    public static String userOf(String actor) {
        String own = actor.startsWith("auth:") ? actor.substring("auth:".length()) : actor;
        return own.startsWith("user:") ? own.substring("user:".length()) : null;
    }

    static AuditEvent from(ResultSet row) throws SQLException {
        AuditEvent event = new AuditEvent();
        event.id = row.getLong(1);
        event.occurredAt = Jdbc.instant(row.getTimestamp(2));
        event.actor = row.getString(3);
        event.action = row.getString(4);
        event.tenantId = row.getString(5);
        event.target = row.getString(6);
        event.outcome = row.getString(7);
        event.detail = row.getString(8);
        event.sourceId = row.getString(9);
        return event;
    }
}
