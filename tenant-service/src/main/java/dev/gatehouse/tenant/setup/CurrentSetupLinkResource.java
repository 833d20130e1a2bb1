package dev.gatehouse.tenant.setup;

import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.common.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Lets the holder of a setup link learn which tenant it is for (the setup page starts from the link alone). */
@Path("/v1/mgmt/setup-link")
@Produces(MediaType.APPLICATION_JSON)
public class CurrentSetupLinkResource {

    @Inject
    Access access;

    @GET
    @Operation(summary = "The tenant of the setup link presented as the credential")
    public CurrentLink current() {
        if (access.caller() instanceof Caller.SetupLinkHolder link) {
            return new CurrentLink(link.linkId(), link.tenantId());
        }
        throw ApiException.badRequest("this endpoint answers only to a setup link credential");
    }

    public record CurrentLink(String linkId, String tenantId) {
    }
}
