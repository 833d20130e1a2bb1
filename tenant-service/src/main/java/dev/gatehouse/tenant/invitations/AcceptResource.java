package dev.gatehouse.tenant.invitations;

import dev.gatehouse.tenant.common.Violations;
import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.common.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The invitee's side: accepting (the signed-in user with the invited address, whose session JWT the management API's
 * filter checks); {@link PreviewResource} tells the link's holder what it is for. The token travels in the body,
 * never in a URL that logs would keep.
 */
@Path("/v1/mgmt/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AcceptResource {

    @Inject
    Invitations invitations;

    @Inject
    Access access;

    @POST
    @Path("/accept")
    @Operation(summary = "Accept an invitation as the signed-in user; the address must be the invited one")
    public Accepted accept(TokenBody body) {
        Violations.checked(body, "body");
        if (!(access.caller() instanceof Caller.SessionUser user)) {
            throw ApiException.forbidden("accepting an invitation needs the invitee's own session");
        }
        Invitation invitation = invitations.accept(user, body.token());
        return new Accepted(invitation.tenantId, invitation.roles());
    }

    public record TokenBody(String token) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("token", token).size("token", token, 0, 100);
        }
    }

    public record Accepted(String tenantId, java.util.List<String> roleNames) {
    }
}
