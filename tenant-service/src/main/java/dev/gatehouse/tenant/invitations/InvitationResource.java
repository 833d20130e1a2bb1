package dev.gatehouse.tenant.invitations;

import dev.gatehouse.tenant.common.Violations;
import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.access.Caller;
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

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** A tenant's invitations, for its admins (and project admins); the invitee's side is {@link AcceptResource}. */
@Path("/v1/mgmt/tenants/{tenantId}/invitations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InvitationResource {

    @Inject
    Invitations invitations;

    @Inject
    Access access;

    @Inject
    Clock clock;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Invite an address into the tenant with roles; mails a link valid for 7 days")
    public SentView invite(@PathParam("tenantId") String tenantId, NewInvitation request) {
        Violations.checked(request, "request");
        Caller caller = access.requireTenantAdmin(tenantId);
        return SentView.of(invitations.invite(caller, tenantId, request.email(), request.roleNames()), clock.instant());
    }

    @GET
    @Operation(summary = "The tenant's invitations, newest first, with their status")
    public List<InvitationView> list(@PathParam("tenantId") String tenantId) {
        access.requireTenantAdmin(tenantId);
        Instant now = clock.instant();
        return invitations.list(tenantId).stream().map(i -> InvitationView.of(i, now)).toList();
    }

    @POST
    @Path("/{id}/resend")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Mail a new link (the previous one stops working) valid for 7 more days")
    public SentView resend(@PathParam("tenantId") String tenantId, @PathParam("id") String id) {
        Caller caller = access.requireTenantAdmin(tenantId);
        return SentView.of(invitations.resend(caller, tenantId, id), clock.instant());
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Revoke a pending invitation: its link stops working")
    public void revoke(@PathParam("tenantId") String tenantId, @PathParam("id") String id) {
        invitations.revoke(access.requireTenantAdmin(tenantId), tenantId, id);
    }

    public record NewInvitation(String email, List<String> roleNames) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("email", email).email("email", email).size("email", email, 0, 320)
                    .size("roleNames", roleNames, 0, 20).each("roleNames", roleNames, true, 100);
        }
    }

    public record InvitationView(String id, String tenantId, String email, List<String> roleNames, String status,
                                 String invitedBy, Instant createdAt, Instant expiresAt, Instant lastSentAt,
                                 int sentCount, Instant acceptedAt, String acceptedBy, Instant revokedAt) {
        static InvitationView of(Invitation i, Instant now) {
            return new InvitationView(i.id, i.tenantId, i.email, i.roles(), i.status(now), i.invitedBy, i.createdAt,
                    i.expiresAt, i.lastSentAt, i.sentCount, i.acceptedAt, i.acceptedBy, i.revokedAt);
        }
    }

    /** {@code mailed} false: the invitation exists but its mail did not go out ({@code mailProblem}); resend it. */
    public record SentView(InvitationView invitation, boolean mailed, String mailProblem) {
        static SentView of(Invitations.Sent sent, Instant now) {
            return new SentView(InvitationView.of(sent.invitation(), now), sent.mailed(), sent.mailProblem());
        }
    }

}
