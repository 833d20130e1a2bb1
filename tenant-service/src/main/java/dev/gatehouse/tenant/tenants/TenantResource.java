package dev.gatehouse.tenant.tenants;

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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/v1/mgmt/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource {

    @Inject
    TenantService tenants;

    @Inject
    Access access;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create a tenant, optionally with its SSO domains")
    public TenantView create(TenantRequests.NewTenant request) {
        Violations.checked(request, "request");
        return tenants.create(access.requireProjectAdmin(), request);
    }

    @GET
    @Operation(summary = "List tenants by name, optionally searching name or domain")
    public Page<TenantView> list(@QueryParam("search") String search,
                                 @QueryParam("page") @DefaultValue("0") int page,
                                 @QueryParam("size") @DefaultValue("20") int size) {
        access.requireProjectAdmin();
        return tenants.list(search, Page.checkedPage(page), Page.checkedSize(size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a tenant")
    public TenantView get(@PathParam("id") String id) {
        access.requireTenantSetup(id);
        return tenants.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Rename a tenant or change its self-provisioning flag")
    public TenantView update(@PathParam("id") String id, TenantRequests.TenantUpdate request) {
        Violations.checked(request, "request");
        return tenants.update(access.requireProjectAdmin(), id, request);
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a tenant with its domains, SSO connection and memberships")
    public void delete(@PathParam("id") String id) {
        tenants.delete(access.requireProjectAdmin(), id);
    }

    @POST
    @Path("/{id}/domains")
    @Operation(summary = "Claim an SSO domain: pending until proven by DNS, verified at once for project admins")
    public TenantView addDomain(@PathParam("id") String id, TenantRequests.NewDomain request) {
        Violations.checked(request, "request");
        return tenants.addDomain(access.requireTenantSetup(id), id, request.domain(), request.verified());
    }

    @POST
    @Path("/{id}/domains/{domain}/verify")
    @Operation(summary = "Prove ownership of a pending domain by its TXT record (or, as project admin, force it)")
    public TenantView verifyDomain(@PathParam("id") String id, @PathParam("domain") String domain,
                                   TenantRequests.VerifyDomain request) {
        return tenants.verifyDomain(access.requireTenantSetup(id), id, domain, request != null && Boolean.TRUE.equals(request.force()));
    }

    @DELETE
    @Path("/{id}/domains/{domain}")
    @ResponseStatus(204)
    @Operation(summary = "Release an SSO domain")
    public void removeDomain(@PathParam("id") String id, @PathParam("domain") String domain) {
        tenants.removeDomain(access.requireTenantSetup(id), id, domain);
    }
}
