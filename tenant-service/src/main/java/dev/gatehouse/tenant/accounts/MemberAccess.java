package dev.gatehouse.tenant.accounts;

import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.users.TenantRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may act on a member's account (second factors, sessions): a tenant admin on members of their tenant only, and
 * on a member who also belongs to another tenant only a project admin. Factors and sessions are the user's, not one
 * tenant's: one tenant's admin must not undo what another tenant's policy relies on.
 */
@ApplicationScoped
public class MemberAccess {

    @Inject
    Access access;

    @Inject
    TenantRoles tenantRoles;

    @Inject
    AuditLog auditLog;

    /** A tenant admin (or project admin) looking at a member of the tenant. */
    public Caller requireToSee(String tenantId, String userId) {
        Caller caller = access.requireTenantAdmin(tenantId);
        requireMember(tenantId, userId);
        return caller;
    }

    /** A tenant admin changing a member's account: the member must belong to no other tenant, else a project admin. */
    public Caller requireToChange(String tenantId, String userId, String action) {
        Caller caller = requireToSee(tenantId, userId);
        if (!(caller instanceof Caller.ProjectAdmin) && tenantRoles.isMemberElsewhere(userId, tenantId)) {
            auditLog.failure(caller.auditName(), action, tenantId, userId, "member of another tenant too");
            throw ApiException.forbidden("this user is also a member of another tenant: only a project admin can do this");
        }
        return caller;
    }

    public void requireMember(String tenantId, String userId) {
        if (userId == null || !tenantRoles.isMember(userId, tenantId)) {
            throw ApiException.notFound("tenant " + tenantId + " has no member " + userId);
        }
    }
}
