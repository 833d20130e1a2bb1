package dev.gatehouse.tenant.sso;

import dev.gatehouse.tenant.common.Violations;
import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.tenants.TenantService;
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

@Path("/v1/mgmt/tenants/{tenantId}/sso")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SsoConnectionResource {

    @Inject
    SsoConnectionService connections;

    @Inject
    TenantService tenants;

    @Inject
    Access access;

    @GET
    @Operation(summary = "The tenant's SSO connection, mappings and the SP details to give the IdP")
    public SsoConnectionView get(@PathParam("tenantId") String tenantId) {
        access.requireTenantSetup(tenantId);
        return connections.get(tenantId);
    }

    @GET
    @Path("/sp")
    @Operation(summary = "The SP details (ACS URL, entity ID, metadata URL) to copy into the IdP, before any connection exists")
    public SsoConnectionView.ServiceProvider serviceProvider(@PathParam("tenantId") String tenantId) {
        access.requireTenantSetup(tenantId);
        tenants.require(tenantId);
        return connections.serviceProvider(tenantId);
    }

    @PUT
    @Operation(summary = "Set the tenant's SAML or OIDC connection (replaces the previous one)")
    public SsoConnectionView put(@PathParam("tenantId") String tenantId, SsoRequests.ConnectionBody body) {
        Violations.checked(body, "body");
        return connections.put(access.requireTenantSetup(tenantId), tenantId, body);
    }

    @PUT
    @Path("/mappings")
    @Operation(summary = "Set the attribute mapping and the group to role mapping")
    public SsoConnectionView putMappings(@PathParam("tenantId") String tenantId, SsoRequests.Mappings body) {
        Violations.checked(body, "body");
        return connections.putMappings(access.requireTenantSetup(tenantId), tenantId, body);
    }

    @POST
    @Path("/metadata/refresh")
    @Operation(summary = "Fetch the SAML metadata URL again now (certificate rollover)")
    public SsoConnectionView refresh(@PathParam("tenantId") String tenantId) {
        return connections.refreshMetadata(access.requireTenantSetup(tenantId), tenantId);
    }

    @DELETE
    @ResponseStatus(204)
    @Operation(summary = "Remove the tenant's SSO connection and its mappings")
    public void delete(@PathParam("tenantId") String tenantId) {
        connections.delete(access.requireTenantSetup(tenantId), tenantId);
    }
}
