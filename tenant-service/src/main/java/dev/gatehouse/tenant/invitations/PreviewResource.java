package dev.gatehouse.tenant.invitations;

import dev.gatehouse.tenant.common.Violations;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What an invitation link is for, to whoever holds it (the link is the secret): before the invitee signs in. */
@Path("/v1/invitations/preview")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PreviewResource {

    @Inject
    Invitations invitations;

    @POST
    @Operation(summary = "Which tenant and address an invitation link is for; 404 unknown, 410 spent, revoked or expired")
    public Invitations.Preview preview(AcceptResource.TokenBody body) {
        return invitations.preview(Violations.checked(body, "body").token());
    }
}
