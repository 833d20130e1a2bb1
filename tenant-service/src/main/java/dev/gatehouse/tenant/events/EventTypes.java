package dev.gatehouse.tenant.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which audited actions are events for apps, and under what name. Every change worth an event is audited, so the
 * audit log is the one place that decides; an event is never written without its audit row.
 */
public final class EventTypes {

    /** Everything a webhook endpoint may subscribe to ({@code *} subscribes to all). */
    public static final List<String> ALL = List.of(
            "user.created", "user.updated", "user.disabled", "user.deleted",
            "membership.added", "membership.removed", "role.granted", "role.revoked",
            "session.created", "session.revoked", "session.reuse_detected", "login.failed",
            "sso.connection.updated", "domain.verified",
            "tenant.created", "tenant.updated", "tenant.deleted",
            "invitation.created", "invitation.resent", "invitation.accepted", "invitation.revoked",
            "scim.user.provisioned", "scim.user.updated", "scim.user.deprovisioned", "scim.user.deleted",
            "scim.group.created", "scim.group.updated", "scim.group.deleted");

    private static final Map<String, String> ON_SUCCESS = Map.ofEntries(
            Map.entry("user.create", "user.created"),
            Map.entry("user.update", "user.updated"),
            Map.entry("user.enable", "user.updated"),
            Map.entry("user.disable", "user.disabled"),
            Map.entry("user.delete", "user.deleted"),
            Map.entry("user.tenant.add", "membership.added"),
            Map.entry("user.tenant.remove", "membership.removed"),
            Map.entry("user.tenant-role.grant", "role.granted"),
            Map.entry("user.role.grant", "role.granted"),
            Map.entry("user.tenant-role.revoke", "role.revoked"),
            Map.entry("user.role.revoke", "role.revoked"),
            Map.entry("session.create", "session.created"),
            Map.entry("session.logout", "session.revoked"),
            Map.entry("session.logout-all", "session.revoked"),
            Map.entry("session.revoke", "session.revoked"),
            Map.entry("session.revoke-others", "session.revoked"),
            Map.entry("user.sessions.revoke", "session.revoked"),
            Map.entry("sso.connection.set", "sso.connection.updated"),
            Map.entry("sso.connection.delete", "sso.connection.updated"),
            Map.entry("sso.connection.replaced", "sso.connection.updated"),
            Map.entry("sso.mappings.set", "sso.connection.updated"),
            Map.entry("sso.metadata.refresh", "sso.connection.updated"),
            Map.entry("tenant.domain.verify", "domain.verified"),
            Map.entry("tenant.create", "tenant.created"),
            Map.entry("tenant.update", "tenant.updated"),
            Map.entry("tenant.delete", "tenant.deleted"),
            Map.entry("invitation.create", "invitation.created"),
            Map.entry("invitation.resend", "invitation.resent"),
            Map.entry("invitation.accept", "invitation.accepted"),
            Map.entry("invitation.revoke", "invitation.revoked"),
            Map.entry("scim.user.create", "scim.user.provisioned"),
            Map.entry("scim.user.update", "scim.user.updated"),
            Map.entry("scim.user.deactivate", "scim.user.deprovisioned"),
            Map.entry("scim.user.delete", "scim.user.deleted"),
            Map.entry("scim.group.create", "scim.group.created"),
            Map.entry("scim.group.update", "scim.group.updated"),
            Map.entry("scim.group.delete", "scim.group.deleted"));

    private static final Map<String, String> ON_FAILURE = Map.of(
            "user.login", "login.failed",
            "login.failure", "login.failed",
            "session.refresh-reuse", "session.reuse_detected");

    private EventTypes() {
    }

    public static Optional<String> of(String action, String outcome) {
        return Optional.ofNullable(("failure".equals(outcome) ? ON_FAILURE : ON_SUCCESS).get(action));
    }
}
