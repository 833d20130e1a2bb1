package dev.gatehouse.tenant.scim;

import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.util.List;

/** A tenant's SCIM tokens, for whoever sets up its SSO: its admins, its setup link's holder, project admins. */
@Path("/v1/mgmt/tenants/{tenantId}/scim")
@Produces(MediaType.APPLICATION_JSON)
public class ScimTokenResource {

    @Inject
    ScimTokens tokens;

    @Inject
    Access access;

    @Context
    UriInfo uri;

    @Inject
    TenantServiceConfig config;

    @POST
    @Path("/tokens")
    @Consumes(MediaType.WILDCARD)
    @ResponseStatus(201)
    @Operation(summary = "Create a SCIM token for the tenant's IdP; the token is in this answer only (stored hashed)")
    public CreatedView create(@PathParam("tenantId") String tenantId) {
        var created = tokens.create(access.requireTenantSetup(tenantId), tenantId);
        return new CreatedView(created.token(), created.secret(), baseUrl(tenantId));
    }

    @GET
    @Path("/tokens")
    @Operation(summary = "The tenant's SCIM tokens (never the tokens themselves) and its SCIM base URL")
    public ListView list(@PathParam("tenantId") String tenantId) {
        access.requireTenantSetup(tenantId);
        return new ListView(baseUrl(tenantId), tokens.list(tenantId));
    }

    @DELETE
    @Path("/tokens/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Revoke a SCIM token: the IdP's next request with it is refused")
    public void revoke(@PathParam("tenantId") String tenantId, @PathParam("id") String id) {
        tokens.revoke(access.requireTenantSetup(tenantId), tenantId, id);
    }

    private String baseUrl(String tenantId) {
        return Scim.baseUrl(config, uri, tenantId);
    }

    /** The token, once: configure it at the IdP as the bearer token, with {@code baseUrl} as the SCIM connector URL. */
    public record CreatedView(ScimTokens.TokenView token, String secret, String baseUrl) {
    }

    public record ListView(String baseUrl, List<ScimTokens.TokenView> tokens) {
    }
}
