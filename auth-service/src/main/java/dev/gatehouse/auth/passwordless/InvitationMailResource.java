package dev.gatehouse.auth.passwordless;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.Emails;
import dev.gatehouse.auth.common.InternalToken;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

/** tenant-service's invitations go out through the one mail path (templates, SMTP, retries) of sign-in by email. */
@Path("/internal/mail/invitation")
@Consumes(MediaType.APPLICATION_JSON)
public class InvitationMailResource {

    @Inject
    InternalToken internalToken;

    @Inject
    SignInMail mail;

    @POST
    @ResponseStatus(204)
    @Operation(summary = "Send an invitation mail (internal token)")
    public void send(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Invitation invitation) {
        internalToken.require(authorization);
        if (invitation == null) {
            throw ApiException.badRequest("E400010", "the invitation is missing");
        }
        invitation.check();
        mail.sendInvitation(invitation.email(), invitation.tenantName(), invitation.inviter(), invitation.link(),
                invitation.expires());
    }

    public record Invitation(String email, String tenantName, String inviter, String link, String expires) {

        void check() {
            if (!Emails.isDeliverable(email)) {
                throw ApiException.badRequest("E400010", "email: must be an email address");
            }
            present("tenantName", tenantName, 200);
            present("inviter", inviter, 320);
            present("link", link, 2048);
            present("expires", expires, 64);
        }

        private static void present(String field, String value, int maxLength) {
            if (value == null || value.isBlank() || value.length() > maxLength) {
                throw ApiException.badRequest("E400010", field + ": must be 1 to " + maxLength + " characters");
            }
        }
    }
}
