package dev.gatehouse.ui.home;

import dev.gatehouse.ui.UiConfig;
import dev.gatehouse.ui.session.CurrentVisitor;
import dev.gatehouse.ui.session.LoginBinding;
import dev.gatehouse.ui.session.SessionFilters;
import dev.gatehouse.ui.session.Visitor;
import dev.gatehouse.ui.upstream.AuthApi;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The seed's page: sign in with a social account or SSO, see who you are, switch tenant, sign out. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomeResource {

    private static final Logger LOG = Logger.getLogger(HomeResource.class);

    @Inject
    CurrentVisitor current;

    @Inject
    SessionFilters.Tokens tokens;

    @Inject
    @RestClient
    AuthApi auth;

    @Inject
    UiConfig config;

    @Inject
    LoginBinding binding;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedOut(List<String> providers, String error);

        static native TemplateInstance signedIn(Visitor visitor);
    }

    /**
     * The signed-in page, or the sign-in page. A session that a tenant's (or the project's) second-factor policy
     * is waiting for goes to two-step verification first: enrolment is forced at the sign-in that needs it.
     */
    @GET
    public Response home(@CookieParam(InvitationResource.COOKIE) String invitation) {
        Visitor visitor = current.get().orElse(null);
        if (visitor == null) {
            return page(Templates.signedOut(config.socialProviders(), null), 200);
        }
        if (!visitor.mfaPending().isEmpty()) {
            return Response.seeOther(URI.create("/account/two-step")).build();
        }
        if (InvitationResource.wellFormed(invitation)) {
            // Signed in on the way to accepting an invitation: back to it.
            return Response.seeOther(URI.create("/invitations/accept")).build();
        }
        return page(Templates.signedIn(visitor), 200);
    }

    @POST
    @Path("/login/social")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response social(@FormParam("provider") String provider) {
        if (!config.socialProviders().contains(provider)) {
            return page(Templates.signedOut(config.socialProviders(), "Unknown sign-in provider."), 400);
        }
        return start(callback -> auth.oauthStart(tokens.bearer(null), provider, callback, Map.of()).get("url"));
    }

    @POST
    @Path("/login/sso")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response sso(@FormParam("email") String email, @FormParam("tenant") String tenant) {
        String who = tenant != null && !tenant.isBlank() ? tenant.trim() : email == null ? "" : email.trim();
        if (who.isEmpty()) {
            return page(Templates.signedOut(config.socialProviders(), "Enter your work email address."), 400);
        }
        return start(callback -> auth.ssoStart(tokens.bearer(null), who, callback, Map.of()).get("url"));
    }

    @GET
    @Path("/auth/callback")
    public Response callback(@QueryParam("code") String code, @QueryParam("error") String error,
                             @QueryParam("error_description") String description, @QueryParam("login") String login,
                             @QueryParam("t") String magicLinkToken, @CookieParam(LoginBinding.COOKIE) String boundHere) {
        if (error != null) {
            return signInFailed("Sign-in failed: " + (description == null ? error : description));
        }
        boolean magicLink = magicLinkToken != null && !magicLinkToken.isBlank();
        if (!magicLink && (code == null || code.isBlank())) {
            return signInFailed("Sign-in failed: no code came back.");
        }
        if (!binding.matches(boundHere, login)) {
            LOG.info("callback refused: the login was not started in this browser (login CSRF)");
            return signInFailed("Sign-in failed: this sign-in was not started in this browser. Start it again here.");
        }
        try {
            // A magic link comes back here too: its token, like a code, only in the browser that asked for it.
            tokens.accept(magicLink ? auth.linkVerify(tokens.bearer(null), Map.of("token", magicLinkToken))
                    : auth.exchange(tokens.bearer(null), Map.of("code", code)));
        } catch (WebApplicationException e) {
            LOG.infof("code exchange refused: %s", e.getMessage());
            return signInFailed("Sign-in failed: the sign-in has expired or was already used.");
        }
        // As the seed clears st.query_params: the code never stays in the address bar.
        return Response.seeOther(URI.create("/")).cookie(binding.cleared()).build();
    }

    private Response signInFailed(String message) {
        return Response.fromResponse(page(Templates.signedOut(config.socialProviders(), message), 400))
                .cookie(binding.cleared()).build();
    }

    @POST
    @Path("/tenant")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response selectTenant(@FormParam("tenant") String tenant) {
        current.refreshJwt().ifPresent(refresh -> {
            try {
                tokens.accept(auth.selectTenant(tokens.bearer(refresh), Map.of("tenant", tenant == null ? "" : tenant)));
            } catch (WebApplicationException e) {
                LOG.infof("tenant switch refused: %s", e.getMessage());
            }
        });
        return Response.seeOther(URI.create("/")).build();
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout() {
        current.refreshJwt().ifPresent(refresh -> {
            try {
                auth.logout(tokens.bearer(refresh), Map.of());
            } catch (RuntimeException e) {
                LOG.infof("logout at auth-service failed; cookies are cleared anyway: %s", e.getMessage());
            }
        });
        current.signOut();
        return Response.seeOther(URI.create("/")).build();
    }

    /** Starts a login bound to this browser; {@code startAt} asks auth-service for the IdP URL. */
    private Response start(Function<String, String> startAt) {
        try {
            LoginBinding.Started started = binding.start();
            return Response.seeOther(URI.create(startAt.apply(started.redirectUrl()))).cookie(started.cookie()).build();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 429) {
                // Someone at this address is over auth-service's limit: say so, never a generic failure.
                String retryAfter = e.getResponse().getHeaderString("Retry-After");
                String when = retryAfter == null ? "a minute" : retryAfter + " seconds";
                return Response.fromResponse(page(Templates.signedOut(config.socialProviders(),
                        "Too many sign-in attempts from your address. Try again in " + when + "."), 429))
                        .header("Retry-After", retryAfter).build();
            }
            String detail = status == 404 ? "No organisation uses SSO for that address."
                    : "Sign-in could not start. Please try again.";
            return page(Templates.signedOut(config.socialProviders(), detail), status == 404 ? 404 : 502);
        }
    }

    static Response page(TemplateInstance page, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page.render()).build();
    }
}
