package dev.gatehouse.tenant.setup;

import dev.gatehouse.tenant.access.Access;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

@Path("/v1/mgmt/tenants/{tenantId}/setup-links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SetupLinkResource {

    @Inject
    SetupLinks links;

    @Inject
    Access access;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create a self-service SSO setup link for this tenant. The secret is in this answer only.")
    public CreatedLinkView create(@PathParam("tenantId") String tenantId, NewLink request) {
        var created = links.create(access.requireProjectAdmin(), tenantId, request == null ? null : request.validFor());
        return new CreatedLinkView(LinkView.of(created.link()), created.secret());
    }

    @GET
    @Operation(summary = "The tenant's setup links (never their secrets)")
    public List<LinkView> list(@PathParam("tenantId") String tenantId) {
        access.requireProjectAdmin();
        return links.list(tenantId).stream().map(LinkView::of).toList();
    }

    @DELETE
    @Path("/{linkId}")
    @ResponseStatus(204)
    @Operation(summary = "Revoke a setup link")
    public void revoke(@PathParam("tenantId") String tenantId, @PathParam("linkId") String linkId) {
        links.revoke(access.requireProjectAdmin(), tenantId, linkId);
    }

    /** {@code validFor}: ISO-8601 duration, default P7D, at most P30D. */
    public record NewLink(Duration validFor) {
    }

    public record LinkView(String id, String tenantId, String createdBy, Instant createdAt, Instant expiresAt,
                           Instant revokedAt, Instant lastUsedAt) {
        static LinkView of(SetupLink link) {
            return new LinkView(link.id, link.tenantId, link.createdBy, link.createdAt, link.expiresAt,
                    link.revokedAt, link.lastUsedAt);
        }
    }

    /** Give the secret to the tenant's IT admin; it is used as {@code Bearer <projectId>:<secret>}. */
    public record CreatedLinkView(LinkView link, String secret) {
    }
}
