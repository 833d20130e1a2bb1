package dev.gatehouse.tenant.users;

import dev.gatehouse.tenant.common.Violations;
import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.common.Page;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Users across the project: for management keys only. Tenant admins use {@link TenantUserResource}. */
@Path("/v1/mgmt/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    UserService users;

    @Inject
    Access access;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create a user, optionally with tenant memberships and roles")
    public UserProfile create(UserRequests.NewUser request) {
        Violations.checked(request, "request");
        return users.create(access.requireProjectAdmin(), request);
    }

    @GET
    @Operation(summary = "Search users by exact email, by text in name or email, and by tenant")
    public Page<UserProfile> search(@QueryParam("email") String email,
                                    @QueryParam("text") String text,
                                    @QueryParam("tenant") String tenantId,
                                    @QueryParam("page") @DefaultValue("0") int page,
                                    @QueryParam("size") @DefaultValue("20") int size) {
        access.requireProjectAdmin();
        return users.search(email, text, tenantId, Page.checkedPage(page), Page.checkedSize(size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a user")
    public UserProfile get(@PathParam("id") String id) {
        access.requireProjectAdmin();
        return users.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a user's email or names")
    public UserProfile update(@PathParam("id") String id, UserRequests.UserUpdate request) {
        Violations.checked(request, "request");
        return users.update(access.requireProjectAdmin(), id, request);
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a user with their identities, memberships and grants")
    public void delete(@PathParam("id") String id) {
        users.delete(access.requireProjectAdmin(), id);
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Disable a user: their sessions can no longer refresh")
    public UserProfile disable(@PathParam("id") String id) {
        return users.setStatus(access.requireProjectAdmin(), id, false);
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Enable a disabled user")
    public UserProfile enable(@PathParam("id") String id) {
        return users.setStatus(access.requireProjectAdmin(), id, true);
    }

    @PUT
    @Path("/{id}/roles/{role}")
    @Operation(summary = "Grant a project-level role")
    public UserProfile grantRole(@PathParam("id") String id, @PathParam("role") String role) {
        return users.grantProjectRole(access.requireProjectAdmin(), id, role);
    }

    @DELETE
    @Path("/{id}/roles/{role}")
    @Operation(summary = "Revoke a project-level role")
    public UserProfile revokeRole(@PathParam("id") String id, @PathParam("role") String role) {
        return users.revokeProjectRole(access.requireProjectAdmin(), id, role);
    }

    @PUT
    @Path("/{id}/tenants/{tenantId}")
    @Operation(summary = "Make the user a member of a tenant")
    public UserProfile addToTenant(@PathParam("id") String id, @PathParam("tenantId") String tenantId) {
        return users.addToTenant(access.requireProjectAdmin(), id, tenantId);
    }

    @DELETE
    @Path("/{id}/tenants/{tenantId}")
    @Operation(summary = "Remove the user from a tenant, with their roles there")
    public UserProfile removeFromTenant(@PathParam("id") String id, @PathParam("tenantId") String tenantId) {
        return users.removeFromTenant(access.requireProjectAdmin(), id, tenantId);
    }
}
