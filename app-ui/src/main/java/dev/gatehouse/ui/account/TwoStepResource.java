package dev.gatehouse.ui.account;

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
import java.util.List;
import java.util.Map;

/**
 * "Set up two-step verification": a TOTP secret as a QR code for an authenticator app, ten recovery codes shown
 * once, then a first code that proves the app works and steps this session up ({@code amr} gains {@code totp}).
 */
@Path("/account/two-step")
@Produces(MediaType.TEXT_HTML)
public class TwoStepResource {

    private static final Logger LOG = Logger.getLogger(TwoStepResource.class);

    @Inject
    CurrentVisitor current;

    @Inject
    SessionFilters.Tokens tokens;

    @Inject
    @RestClient
    AuthApi auth;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance setup(Visitor visitor, String image, String key, List<String> recoveryCodes, String error);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enrol() {
        return signedIn((visitor, refresh) -> {
            Map<String, Object> enrolment = auth.totpEnrol(tokens.bearer(refresh), Map.of("loginId", visitor.email()));
            @SuppressWarnings("unchecked")
            List<String> recovery = (List<String>) enrolment.get("recoveryCodes");
            return page(Templates.setup(visitor, (String) enrolment.get("image"), (String) enrolment.get("key"), recovery, null), 200);
        });
    }

    @GET
    public Response start() {
        return signedIn((visitor, refresh) -> page(Templates.setup(visitor, null, null, List.of(), null), 200));
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response verify(@FormParam("code") String code) {
        return signedIn((visitor, refresh) -> {
            try {
                tokens.accept(auth.totpVerify(tokens.bearer(refresh), Map.of("loginId", visitor.email(),
                        "code", code == null ? "" : code.trim(), "loginOptions", Map.of("stepup", true))));
                return Response.seeOther(URI.create("/")).build();
            } catch (WebApplicationException e) {
                LOG.infof("two-step code refused: %s", e.getMessage());
                return page(Templates.setup(visitor, null, null, List.of(),
                        "That code was not accepted: use the current code of your authenticator app (each code works once)."), 401);
            }
        });
    }

    private interface Action {
        Response run(Visitor visitor, String refreshJwt);
    }

    private Response signedIn(Action action) {
        Visitor visitor = current.get().orElse(null);
        String refresh = current.refreshJwt().orElse(null);
        if (visitor == null || refresh == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        try {
            return action.run(visitor, refresh);
        } catch (WebApplicationException e) {
            LOG.infof("two-step setup failed: %s", e.getMessage());
            return page(Templates.setup(visitor, null, null, List.of(), "Two-step verification could not be set up. Please try again."), 502);
        }
    }

    private static Response page(TemplateInstance page, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page.render()).build();
    }
}
