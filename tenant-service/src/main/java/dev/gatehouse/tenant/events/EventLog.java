package dev.gatehouse.tenant.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.tenant.audit.AuditEvent;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactional outbox: an event row, and one delivery row per subscribed webhook endpoint, written in the
 * transaction of the change they report. Nothing is sent from here; {@link WebhookDispatcher} delivers after
 * commit, so an event exists exactly when its change does and survives restarts of either side.
 *
 * <p>Payloads name ids, never secrets or tokens: {@code id}, {@code type}, {@code time}, {@code tenant},
 * {@code actor} and {@code data}; user events carry the user's profile as it is after the change.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EventLog {

    @Inject
    Database db;

    @Inject
    ObjectMapper json;

    /** A row the audit log wrote. */
    public record Audited(String action, String outcome, Instant time, String actor, String tenantId, String target,
                          String detail) {
    }

    /** An event about to be written: its id, type, when, the tenant, actor and user it concerns, its payload. */
    private record Pending(String id, String type, OffsetDateTime at, String tenantId, String actor, String userId,
                           String body) {
    }

    /**
     * Called by the audit log with the rows it writes; writes an event for each whose action is one. The events'
     * rows go in one JDBC batch and their deliveries in one statement, so that a batch relayed from auth-service
     * costs two round trips to PostgreSQL instead of two per event (issue #14).
     */
    public void onAudited(List<Audited> audited) {
        List<Pending> pending = new ArrayList<>();
        for (Audited row : audited) {
            EventTypes.of(row.action(), row.outcome()).ifPresent(type -> {
                ObjectNode data = data(type, row.action(), row.actor(), row.tenantId(), row.target(), row.detail());
                String userId = data.path("userId").isTextual() ? data.get("userId").asText() : null;
                pending.add(pending(type, row.time(), row.tenantId(), row.actor(), userId, data));
            });
        }
        if (pending.isEmpty()) {
            return;
        }
        db.work("write events", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into event (id, type, occurred_at, tenant_id, actor, user_id, payload)
                    values (?, ?, ?, ?, ?, ?, ?)""")) {
                for (Pending event : pending) {
                    insert.setString(1, event.id());
                    insert.setString(2, event.type());
                    insert.setObject(3, event.at());
                    insert.setString(4, event.tenantId());
                    insert.setString(5, event.actor());
                    insert.setString(6, event.userId());
                    insert.setString(7, event.body());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement deliveries = connection.prepareStatement("""
                    insert into webhook_delivery (endpoint_id, event_seq, user_id, status, next_attempt_at)
                    select w.id, e.seq, e.user_id, 'pending', e.occurred_at
                    from event e join webhook_endpoint w
                      on w.enabled and (w.event_types = '*' or position(',' || e.type || ',' in w.event_types) > 0)
                    where e.id = any(?)
                    order by e.seq, w.id""")) {
                deliveries.setArray(1, connection.createArrayOf("varchar",
                        pending.stream().map(Pending::id).toArray()));
                deliveries.executeUpdate();
            }
            return null;
        });
    }

    private Pending pending(String type, Instant time, String tenantId, String actor, String userId, ObjectNode data) {
        String id = Secrets.newId("evt_");
        ObjectNode payload = json.createObjectNode();
        payload.put("id", id);
        payload.put("type", type);
        payload.put("time", time.toString());
        payload.put("tenant", tenantId);
        payload.put("actor", actor);
        payload.set("data", data);
        return new Pending(id, type, time.atOffset(ZoneOffset.UTC), tenantId, actor, userId, write(payload));
    }

    private ObjectNode data(String type, String action, String actor, String tenantId, String target, String detail) {
        ObjectNode data = json.createObjectNode();
        String actorUser = AuditEvent.userOf(actor);
        switch (type) {
            case "user.created", "user.updated", "user.disabled", "user.deleted" -> {
                data.put("userId", target);
                if (!type.equals("user.deleted")) {
                    data.set("user", profile(target));
                }
            }
            case "membership.added", "membership.removed" -> {
                data.put("userId", target);
                data.put("tenantId", tenantId);
            }
            case "role.granted", "role.revoked" -> {
                int space = target.indexOf(' ');
                data.put("userId", space < 0 ? target : target.substring(0, space));
                data.put("role", space < 0 ? null : target.substring(space + 1));
                data.put("tenantId", tenantId);
            }
            case "session.created", "session.revoked", "session.reuse_detected" -> {
                data.put("userId", action.equals("user.sessions.revoke") ? target : actorUser);
                data.put("sessionId", action.equals("user.sessions.revoke") ? null : target);
                data.put("detail", detail);
            }
            case "login.failed" -> {
                data.put("userId", actorUser);
                data.put("reason", detail);
            }
            case "scim.user.provisioned", "scim.user.updated", "scim.user.deprovisioned", "scim.user.deleted" -> {
                data.put("userId", target);
                data.put("tenantId", tenantId);
                data.put("detail", detail);
            }
            case "scim.group.created", "scim.group.updated", "scim.group.deleted" -> {
                data.put("groupId", target);
                data.put("tenantId", tenantId);
                data.put("detail", detail);
            }
            case "sso.connection.updated" -> {
                data.put("tenantId", tenantId);
                data.put("change", action);
            }
            case "domain.verified" -> {
                data.put("tenantId", tenantId);
                data.put("domain", target);
            }
            case "invitation.created", "invitation.resent", "invitation.accepted", "invitation.revoked" -> {
                data.put("invitationId", target);
                data.put("tenantId", tenantId);
                if (type.equals("invitation.accepted")) {
                    data.put("userId", actorUser);
                }
            }
            default -> data.put("tenantId", tenantId);
        }
        return data;
    }

    private ObjectNode profile(String userId) {
        ObjectNode user = db.one("select id, email, name, given_name, family_name, status from app_user where id = ?",
                row -> {
                    ObjectNode found = json.createObjectNode();
                    found.put("id", row.getString(1));
                    found.put("email", row.getString(2));
                    found.put("name", row.getString(3));
                    found.put("givenName", row.getString(4));
                    found.put("familyName", row.getString(5));
                    found.put("enabled", "enabled".equals(row.getString(6)));
                    return found;
                }, userId).orElse(null);
        if (user == null) {
            return null;
        }
        user.set("roleNames", json.valueToTree(
                db.strings("select role_name from project_role_grant where user_id = ? order by role_name", userId)));
        var tenants = user.putArray("tenants");
        db.each("""
                select m.tenant_id, string_agg(g.role_name, ',' order by g.role_name)
                from tenant_membership m left join tenant_role_grant g
                  on g.user_id = m.user_id and g.tenant_id = m.tenant_id
                where m.user_id = ? group by m.tenant_id order by m.tenant_id""", row -> {
            ObjectNode tenant = tenants.addObject();
            tenant.put("tenantId", row.getString(1));
            tenant.set("roleNames", json.valueToTree(row.getString(2) == null ? List.of() : List.of(row.getString(2).split(","))));
        }, userId);
        return user;
    }

    private String write(ObjectNode payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
