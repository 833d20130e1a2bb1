package dev.gatehouse.ui.account;

import dev.gatehouse.ui.session.CurrentVisitor;
import dev.gatehouse.ui.session.SessionFilters;
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

/** "Your sessions": where you are signed in, and signing out one device or every other one. */
@Path("/account/sessions")
@Produces(MediaType.TEXT_HTML)
public class SessionsResource {

    private static final Logger LOG = Logger.getLogger(SessionsResource.class);

    @Inject
    CurrentVisitor current;

    @Inject
    SessionFilters.Tokens tokens;

    @Inject
    @RestClient
    AuthApi auth;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance sessions(List<SessionRow> sessions, String message, String error);
    }

    @GET
    public Response page() {
        return signedIn(refresh -> page(refresh, null, null, 200));
    }

    @POST
    @Path("/end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response end(@FormParam("sessionId") String sessionId) {
        return signedIn(refresh -> {
            auth.endSession(tokens.bearer(refresh), sessionId == null ? "" : sessionId);
            return page(refresh, "That device is signed out.", null, 200);
        });
    }

    @POST
    @Path("/others")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response endOthers() {
        return signedIn(refresh -> {
            Object ended = auth.endOtherSessions(tokens.bearer(refresh), Map.of()).get("ended");
            return page(refresh, "Signed out everywhere else (" + ended + " session(s)).", null, 200);
        });
    }

    private interface Action {
        Response run(String refreshJwt);
    }

    private Response signedIn(Action action) {
        String refresh = current.refreshJwt().orElse(null);
        if (current.get().isEmpty() || refresh == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        try {
            return action.run(refresh);
        } catch (WebApplicationException e) {
            LOG.infof("session list failed: %s", e.getMessage());
            return Response.status(502).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.sessions(List.of(), null, "Your sessions could not be shown or changed. Please try again.").render())
                    .build();
        }
    }

    private Response page(String refresh, String message, String error, int status) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) auth.sessions(tokens.bearer(refresh)).get("sessions");
        List<SessionRow> rows = listed == null ? List.of() : listed.stream().map(SessionRow::of).toList();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store")
                .entity(Templates.sessions(rows, message, error).render()).build();
    }
}
