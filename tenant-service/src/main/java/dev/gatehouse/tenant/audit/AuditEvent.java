package dev.gatehouse.tenant.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Append-only: rows are inserted, never updated or deleted by the application. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
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
}
