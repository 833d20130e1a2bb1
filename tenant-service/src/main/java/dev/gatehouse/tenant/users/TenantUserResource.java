package dev.gatehouse.tenant.users;

import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Page;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A tenant's users and their roles in that tenant; open to that tenant's admins. */
@Path("/v1/mgmt/tenants/{tenantId}/users")
@Produces(MediaType.APPLICATION_JSON)
public class TenantUserResource {

    @Inject
    UserService users;

    @Inject
    TenantRoles tenantRoles;

    @Inject
    Access access;

    @GET
    @Operation(summary = "The tenant's members, each with their roles in this tenant only")
    public Page<UserProfile> list(@PathParam("tenantId") String tenantId,
                                  @QueryParam("text") String text,
                                  @QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("20") int size) {
        access.requireTenantAdmin(tenantId);
        return users.search(null, text, tenantId, Page.checkedPage(page), Page.checkedSize(size))
                .map(user -> user.limitedTo(tenantId));
    }

    @PUT
    @Path("/{userId}/roles/{role}")
    @Operation(summary = "Grant a role in this tenant to one of its members")
    public UserProfile grant(@PathParam("tenantId") String tenantId, @PathParam("userId") String userId,
                             @PathParam("role") String role) {
        Caller caller = requireMemberForTenantAdmin(tenantId, userId);
        return users.grantTenantRole(caller, userId, tenantId, role).limitedTo(tenantId);
    }

    @DELETE
    @Path("/{userId}/roles/{role}")
    @Operation(summary = "Revoke a role in this tenant")
    public UserProfile revoke(@PathParam("tenantId") String tenantId, @PathParam("userId") String userId,
                              @PathParam("role") String role) {
        Caller caller = requireMemberForTenantAdmin(tenantId, userId);
        return users.revokeTenantRole(caller, userId, tenantId, role).limitedTo(tenantId);
    }

    /** A tenant admin may act only on the tenant's own members; they cannot pull outsiders in. */
    private Caller requireMemberForTenantAdmin(String tenantId, String userId) {
        Caller caller = access.requireTenantAdmin(tenantId);
        if (!(caller instanceof Caller.ProjectAdmin) && !tenantRoles.isMember(userId, tenantId)) {
            throw ApiException.notFound("tenant " + tenantId + " has no member " + userId);
        }
        return caller;
    }
}
