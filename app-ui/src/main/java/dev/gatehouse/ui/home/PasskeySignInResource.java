package dev.gatehouse.ui.home;

import dev.gatehouse.ui.UiConfig;
import dev.gatehouse.ui.account.PasskeyAnswers;
import dev.gatehouse.ui.session.SessionFilters;
import dev.gatehouse.ui.upstream.AuthApi;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;

/**
 * "Sign in with a passkey": any passkey of this site (the browser offers the ones it has), or those of the email
 * address typed. The whole ceremony runs in this page (passkeys.js); the form's CSRF token guards both calls, so
 * nobody can sign a visitor into another account from elsewhere.
 */
@Path("/login/passkey")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class PasskeySignInResource {

    private static final Logger LOG = Logger.getLogger(PasskeySignInResource.class);

    @Inject
    @RestClient
    AuthApi auth;

    @Inject
    SessionFilters.Tokens tokens;

    @Inject
    UiConfig config;

    @POST
    @Path("/start")
    public Response start(@FormParam("email") String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("origin", PasskeyAnswers.origin(config));
        if (email != null && !email.isBlank()) {
            body.put("loginId", email.trim());
        }
        try {
            return Response.ok(auth.passkeySignInStart(tokens.bearer(null), body)).build();
        } catch (WebApplicationException e) {
            LOG.infof("passkey sign-in could not start: %s", e.getMessage());
            return PasskeyAnswers.refused(e, "Passkey sign-in is not available right now.");
        }
    }

    @POST
    @Path("/finish")
    public Response finish(@FormParam("transactionId") String transactionId, @FormParam("response") String response) {
        try {
            tokens.accept(auth.passkeySignInFinish(tokens.bearer(null), PasskeyAnswers.finishBody(transactionId, response)));
            return Response.ok(Map.of("redirect", "/")).build();
        } catch (WebApplicationException e) {
            LOG.infof("passkey sign-in refused: %s", e.getMessage());
            return PasskeyAnswers.refused(e, "That passkey did not sign you in.");
        }
    }
}
