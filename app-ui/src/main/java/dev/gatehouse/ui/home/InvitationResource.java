package dev.gatehouse.ui.home;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.ui.UiConfig;
import dev.gatehouse.ui.session.CurrentVisitor;
import dev.gatehouse.ui.session.SessionFilters;
import dev.gatehouse.ui.session.Visitor;
import dev.gatehouse.ui.upstream.AuthApi;
import dev.gatehouse.ui.upstream.TenantApi;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Map;

/**
 * Where an invitation link lands. The token moves at once from the address bar into a short-lived HttpOnly cookie
 * (so it leaves the browser history and any Referer); a visitor who is not signed in signs in first and comes back
 * here from the home page; a signed-in one accepts, and tenant-service checks that their address is the invited one.
 */
@Path("/invitations/accept")
@Produces(MediaType.TEXT_HTML)
public class InvitationResource {

    public static final String COOKIE = "GH_INVITE";
    private static final Logger LOG = Logger.getLogger(InvitationResource.class);
    private static final int MAX_AGE_SECONDS = 30 * 60;

    @Inject
    CurrentVisitor current;

    @Inject
    TenantApi tenants;

    @Inject
    UiConfig config;

    @Inject
    SessionFilters.Tokens tokens;

    @Inject
    @RestClient
    AuthApi auth;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invitation(JsonNode preview, Visitor visitor, boolean otherAddress, String error);
    }

    @GET
    public Response land(@QueryParam("invitation") String fromLink, @CookieParam(COOKIE) String kept) {
        if (fromLink != null) {
            if (!wellFormed(fromLink)) {
                return page(null, "This invitation link is not valid. Ask for a new one.", 400).cookie(cookie("", 0)).build();
            }
            return Response.seeOther(URI.create("/invitations/accept")).cookie(cookie(fromLink, MAX_AGE_SECONDS)).build();
        }
        if (!wellFormed(kept)) {
            return page(null, "There is no invitation to accept here. Open the link from your invitation mail.", 404).build();
        }
        JsonNode preview;
        try {
            preview = tenants.post(null, "/v1/invitations/preview", Map.of("token", kept));
        } catch (TenantApi.Refused e) {
            return page(null, e.getMessage(), e.status() == 503 ? 503 : 410).cookie(cookie("", 0)).build();
        }
        return page(preview, null, 200).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response accept(@CookieParam(COOKIE) String kept) {
        Visitor visitor = current.get().orElse(null);
        if (visitor == null || !wellFormed(kept)) {
            return Response.seeOther(URI.create("/invitations/accept")).build();
        }
        JsonNode accepted;
        try {
            accepted = tenants.post(visitor.sessionJwt(), "/v1/mgmt/invitations/accept", Map.of("token", kept));
        } catch (TenantApi.Refused e) {
            JsonNode preview = null;
            try {
                preview = tenants.post(null, "/v1/invitations/preview", Map.of("token", kept));
            } catch (TenantApi.Refused gone) {
                LOG.debugf("invitation no longer usable: %s", gone.getMessage());
            }
            return page(preview, e.getMessage(), e.status() == 403 ? 403 : 400).build();
        }
        // The new membership is in the next session JWT: switch to the tenant just joined.
        String tenant = accepted.path("tenantId").asText();
        current.refreshJwt().ifPresent(refresh -> {
            try {
                tokens.accept(auth.selectTenant(tokens.bearer(refresh), Map.of("tenant", tenant)));
            } catch (WebApplicationException e) {
                LOG.infof("switching to the joined tenant failed; the next refresh brings it: %s", e.getMessage());
            }
        });
        return Response.seeOther(URI.create("/")).cookie(cookie("", 0)).build();
    }

    private Response.ResponseBuilder page(JsonNode preview, String error, int status) {
        Visitor visitor = current.get().orElse(null);
        boolean otherAddress = visitor != null && preview != null
                && !preview.path("email").asText().equalsIgnoreCase(visitor.email() == null ? "" : visitor.email());
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .entity(Templates.invitation(preview, visitor, otherAddress, error).render());
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").httpOnly(true).secure(config.secureCookies())
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    /** Our tokens are URL-safe base64 of 32 bytes; anything else is nobody's and is never sent on. */
    static boolean wellFormed(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{20,100}");
    }
}
