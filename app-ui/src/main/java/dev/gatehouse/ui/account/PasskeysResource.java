package dev.gatehouse.ui.account;

import dev.gatehouse.ui.UiConfig;
import dev.gatehouse.ui.session.CurrentVisitor;
import dev.gatehouse.ui.session.SessionFilters;
import dev.gatehouse.ui.session.Visitor;
import dev.gatehouse.ui.upstream.AuthApi;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Map;

/**
 * "Add a passkey": the page's script (passkeys.js) asks for creation options here, lets the browser create the
 * passkey, and hands the result back; auth-service verifies and stores it for this session's user.
 */
@Path("/account/passkeys")
public class PasskeysResource {

    private static final Logger LOG = Logger.getLogger(PasskeysResource.class);

    @Inject
    CurrentVisitor current;

    @Inject
    SessionFilters.Tokens tokens;

    @Inject
    UiConfig config;

    @Inject
    @RestClient
    AuthApi auth;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance passkeys(Visitor visitor);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        Visitor visitor = current.get().orElse(null);
        if (visitor == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        return Response.ok(Templates.passkeys(visitor).render(), MediaType.TEXT_HTML_TYPE).build();
    }

    @POST
    @Path("/start")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response start() {
        return signedIn((visitor, refresh) -> Response.ok(auth.passkeyAddStart(tokens.bearer(refresh),
                Map.of("loginId", visitor.email(), "origin", PasskeyAnswers.origin(config)))).build());
    }

    @POST
    @Path("/finish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response finish(@FormParam("transactionId") String transactionId, @FormParam("response") String response) {
        return signedIn((visitor, refresh) -> {
            auth.passkeyAddFinish(tokens.bearer(refresh), PasskeyAnswers.finishBody(transactionId, response));
            return Response.ok(Map.of("message", "Passkey added. Next time, sign in with it.")).build();
        });
    }

    private interface Action {
        Response run(Visitor visitor, String refreshJwt);
    }

    private Response signedIn(Action action) {
        Visitor visitor = current.get().orElse(null);
        String refresh = current.refreshJwt().orElse(null);
        if (visitor == null || refresh == null) {
            return PasskeyAnswers.error(401, "Your session has ended: sign in again.");
        }
        try {
            return action.run(visitor, refresh);
        } catch (WebApplicationException e) {
            LOG.infof("adding a passkey failed: %s", e.getMessage());
            return PasskeyAnswers.refused(e, "The passkey could not be added.");
        }
    }
}
