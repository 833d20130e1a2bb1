package dev.gatehouse.tenant.accounts;

import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Map;

/**
 * Tenant admins see which of their members have enrolled a second factor, and reset a member's factors when a
 * phone or key is lost (every session of that member ends; they enrol again at the next sign-in), audited; the
 * rules of {@link MemberAccess}.
 */
@Path("/v1/mgmt/tenants/{tenantId}/users")
@Produces(MediaType.APPLICATION_JSON)
public class SecondFactorResource {

    private static final int MAX_USERS = 200;

    @Inject
    Access access;

    @Inject
    MemberAccess members;

    @Inject
    AuthServiceAccounts accounts;

    @Inject
    AuditLog auditLog;

    @POST
    @Path("/factors")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which second factors these members have enrolled (TOTP, number of passkeys)")
    public Map<String, AuthServiceAccounts.Enrolled> enrolled(@PathParam("tenantId") String tenantId, Members request) {
        access.requireTenantAdmin(tenantId);
        if (request == null || request.userIds() == null || request.userIds().isEmpty() || request.userIds().size() > MAX_USERS) {
            throw ApiException.badRequest("userIds: between 1 and " + MAX_USERS + " members of the tenant");
        }
        request.userIds().forEach(userId -> members.requireMember(tenantId, userId));
        return accounts.enrolled(request.userIds());
    }

    @DELETE
    @Path("/{userId}/factors")
    @Operation(summary = "Reset a member's second factors (lost device): they are removed and the member's sessions end")
    public AuthServiceAccounts.Reset reset(@PathParam("tenantId") String tenantId, @PathParam("userId") String userId) {
        Caller caller = members.requireToChange(tenantId, userId, "user.factors.reset");
        AuthServiceAccounts.Reset reset = accounts.reset(userId);
        auditLog.event(caller.auditName(), "user.factors.reset", tenantId, userId, "second factors reset: TOTP "
                + (reset.totpRemoved() ? "removed" : "none") + ", " + reset.passkeysRemoved() + " passkey(s) removed, "
                + reset.sessionsEnded() + " session(s) ended");
        return reset;
    }

    public record Members(List<String> userIds) {
    }
}
