package dev.gatehouse.tenant.factors;

import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.users.TenantRoles;
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
 * phone or key is lost (every session of that member ends; they enrol again at the next sign-in). A reset is
 * audited. A member who also belongs to another tenant is reset only by a project admin: otherwise one tenant's
 * admin could undo the factors another tenant's policy relies on.
 */
@Path("/v1/mgmt/tenants/{tenantId}/users")
@Produces(MediaType.APPLICATION_JSON)
public class SecondFactorResource {

    private static final int MAX_USERS = 200;

    @Inject
    Access access;

    @Inject
    TenantRoles tenantRoles;

    @Inject
    AuthServiceFactors factors;

    @Inject
    AuditLog auditLog;

    @POST
    @Path("/factors")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which second factors these members have enrolled (TOTP, number of passkeys)")
    public Map<String, AuthServiceFactors.Enrolled> enrolled(@PathParam("tenantId") String tenantId, Members members) {
        Caller caller = access.requireTenantAdmin(tenantId);
        if (members == null || members.userIds() == null || members.userIds().isEmpty() || members.userIds().size() > MAX_USERS) {
            throw ApiException.badRequest("userIds: between 1 and " + MAX_USERS + " members of the tenant");
        }
        for (String userId : members.userIds()) {
            requireMember(caller, tenantId, userId);
        }
        return factors.enrolled(members.userIds());
    }

    @DELETE
    @Path("/{userId}/factors")
    @Operation(summary = "Reset a member's second factors (lost device): they are removed and the member's sessions end")
    public AuthServiceFactors.Reset reset(@PathParam("tenantId") String tenantId, @PathParam("userId") String userId) {
        Caller caller = access.requireTenantAdmin(tenantId);
        requireMember(caller, tenantId, userId);
        if (!(caller instanceof Caller.ProjectAdmin) && tenantRoles.isMemberElsewhere(userId, tenantId)) {
            auditLog.failure(caller.auditName(), "user.factors.reset", tenantId, userId, "member of another tenant too");
            throw ApiException.forbidden("this user is also a member of another tenant: only a project admin can reset "
                    + "their second factors");
        }
        AuthServiceFactors.Reset reset = factors.reset(userId);
        auditLog.event(caller.auditName(), "user.factors.reset", tenantId, userId, "second factors reset: TOTP "
                + (reset.totpRemoved() ? "removed" : "none") + ", " + reset.passkeysRemoved() + " passkey(s) removed, "
                + reset.sessionsEnded() + " session(s) ended");
        return reset;
    }

    private void requireMember(Caller caller, String tenantId, String userId) {
        if (userId == null || !tenantRoles.isMember(userId, tenantId)) {
            throw ApiException.notFound("tenant " + tenantId + " has no member " + userId);
        }
    }

    public record Members(List<String> userIds) {
    }
}
