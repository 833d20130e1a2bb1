package dev.gatehouse.tenant.roles;

import dev.gatehouse.tenant.common.Violations;
import dev.gatehouse.tenant.access.Access;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;
import java.util.Set;

@Path("/v1/mgmt")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleResource {

    @Inject
    RoleService roles;

    @Inject
    Access access;

    @GET
    @Path("/roles")
    @Operation(summary = "List roles with their permissions")
    public List<RoleView> roles() {
        access.caller();
        return roles.roles().stream().map(RoleView::of).toList();
    }

    @POST
    @Path("/roles")
    @ResponseStatus(201)
    @Operation(summary = "Define a role")
    public RoleView createRole(RoleRequests.RoleBody request) {
        Violations.checked(request, "request");
        return RoleView.of(roles.createRole(access.requireProjectAdmin(), request));
    }

    @PUT
    @Path("/roles/{name}")
    @Operation(summary = "Rename a role, change its description and permissions")
    public RoleView updateRole(@PathParam("name") String name, RoleRequests.RoleBody request) {
        Violations.checked(request, "request");
        return RoleView.of(roles.updateRole(access.requireProjectAdmin(), name, request));
    }

    @DELETE
    @Path("/roles/{name}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a role and every grant of it")
    public void deleteRole(@PathParam("name") String name) {
        roles.deleteRole(access.requireProjectAdmin(), name);
    }

    @GET
    @Path("/permissions")
    @Operation(summary = "List permissions")
    public List<Permission> permissions() {
        access.caller();
        return roles.permissions();
    }

    @POST
    @Path("/permissions")
    @ResponseStatus(201)
    @Operation(summary = "Define a permission")
    public Permission createPermission(RoleRequests.PermissionBody request) {
        Violations.checked(request, "request");
        return roles.createPermission(access.requireProjectAdmin(), request);
    }

    @DELETE
    @Path("/permissions/{name}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a permission")
    public void deletePermission(@PathParam("name") String name) {
        roles.deletePermission(access.requireProjectAdmin(), name);
    }

    public record RoleView(String name, String description, boolean builtIn, Set<String> permissions) {
        static RoleView of(Role role) {
            return new RoleView(role.name, role.description, role.builtIn, Set.copyOf(role.permissions));
        }
    }
}
