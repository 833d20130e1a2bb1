package dev.gatehouse.tenant.access;

import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.users.TenantRoles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The authorisation rules of the management API (design.md §5): a management key may do everything;
 * a session user may act on a tenant only while they hold {@code Tenant Admin} in it, read afresh from the
 * database so that a revoked role stops working at once, not when the session JWT expires.
 */
@RequestScoped
public class Access {

    @Inject
    CurrentCaller current;

    @Inject
    TenantRoles tenantRoles;

    public Caller caller() {
        Caller caller = current.get();
        if (caller == null) {
            throw ApiException.unauthorized("no credential");
        }
        return caller;
    }

    public Caller requireProjectAdmin() {
        Caller caller = caller();
        if (!(caller instanceof Caller.ProjectAdmin)) {
            throw ApiException.forbidden("this operation needs a management key");
        }
        return caller;
    }

    /**
     * Setting up a tenant's SSO (connection, domains, mappings, reading the tenant): its admins, or the
     * holder of a setup link for that very tenant. A link for another tenant sees 404, as if T did not exist.
     */
    public Caller requireTenantSetup(String tenantId) {
        Caller caller = caller();
        if (caller instanceof Caller.SetupLinkHolder link) {
            if (link.tenantId().equals(tenantId)) {
                return caller;
            }
            throw ApiException.notFound("no tenant " + tenantId);
        }
        return requireTenantAdmin(tenantId);
    }

    /**
     * A tenant admin of another tenant gets the same 404 as for a tenant that does not exist, so tenant ids
     * cannot be probed; a user who is not an admin anywhere gets 403.
     */
    public Caller requireTenantAdmin(String tenantId) {
        Caller caller = caller();
        if (caller instanceof Caller.ProjectAdmin) {
            return caller;
        }
        if (caller instanceof Caller.SessionUser user) {
            if (tenantRoles.isTenantAdmin(user.userId(), tenantId)) {
                if (user.mfaPending().contains(tenantId)) {
                    throw ApiException.forbidden("tenant " + tenantId + " requires two-step verification: step this session up first");
                }
                return caller;
            }
            if (tenantRoles.isTenantAdminAnywhere(user.userId())) {
                throw ApiException.notFound("no tenant " + tenantId);
            }
        }
        if (caller instanceof Caller.SetupLinkHolder) {
            throw ApiException.forbidden("a setup link may only configure the tenant's SSO connection, domains and mappings");
        }
        throw ApiException.forbidden("this operation needs the Tenant Admin role in tenant " + tenantId);
    }
}
