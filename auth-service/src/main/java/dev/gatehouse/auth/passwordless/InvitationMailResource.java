package dev.gatehouse.auth.passwordless;

import dev.gatehouse.auth.common.InternalToken;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
    public void send(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @NotNull @Valid Invitation invitation) {
        internalToken.require(authorization);
        mail.sendInvitation(invitation.email(), invitation.tenantName(), invitation.inviter(), invitation.link(),
                invitation.expires());
    }

    public record Invitation(@NotBlank @Email @Size(max = 320) String email,
                             @NotBlank @Size(max = 200) String tenantName,
                             @NotBlank @Size(max = 320) String inviter,
                             @NotBlank @Size(max = 2048) String link,
                             @NotBlank @Size(max = 64) String expires) {
    }
}
