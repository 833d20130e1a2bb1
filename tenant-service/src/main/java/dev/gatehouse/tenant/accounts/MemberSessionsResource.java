package dev.gatehouse.tenant.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/**
 * A member's active sessions for the tenant's admins (created, last refresh, methods, client address, user agent),
 * and ending one or all of them, audited; the rules of {@link MemberAccess}.
 */
@Path("/v1/mgmt/tenants/{tenantId}/users/{userId}/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class MemberSessionsResource {

    @Inject
    MemberAccess members;

    @Inject
    AuthServiceAccounts accounts;

    @Inject
    AuditLog auditLog;

    @GET
    @Operation(summary = "A member's active sessions")
    public JsonNode sessions(@PathParam("tenantId") String tenantId, @PathParam("userId") String userId) {
        members.requireToSee(tenantId, userId);
        return accounts.sessions(userId);
    }

    @DELETE
    @Operation(summary = "End all of a member's sessions")
    public Map<String, Object> endAll(@PathParam("tenantId") String tenantId, @PathParam("userId") String userId) {
        Caller caller = members.requireToChange(tenantId, userId, "user.sessions.revoke");
        int ended = accounts.endSessions(userId, null);
        auditLog.event(caller.auditName(), "user.sessions.revoke", tenantId, userId, ended + " session(s) ended");
        return Map.of("ended", ended);
    }

    @DELETE
    @Path("/{sessionId}")
    @Operation(summary = "End one of a member's sessions")
    public Map<String, Object> end(@PathParam("tenantId") String tenantId, @PathParam("userId") String userId,
                                   @PathParam("sessionId") String sessionId) {
        Caller caller = members.requireToChange(tenantId, userId, "user.sessions.revoke");
        int ended = accounts.endSessions(userId, sessionId);
        auditLog.event(caller.auditName(), "user.sessions.revoke", tenantId, userId, "session " + sessionId
                + (ended == 1 ? " ended" : " was not active"));
        return Map.of("ended", ended);
    }
}
