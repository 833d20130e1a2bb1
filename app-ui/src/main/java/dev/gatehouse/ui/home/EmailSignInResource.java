package dev.gatehouse.ui.home;

import dev.gatehouse.ui.UiConfig;
import dev.gatehouse.ui.session.LoginBinding;
import dev.gatehouse.ui.session.SessionFilters;
import dev.gatehouse.ui.upstream.AuthApi;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
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

import java.net.URI;
import java.util.Map;

/**
 * "Sign in with email": a mailed code typed here, or a mailed link that comes back to the callback in this
 * browser (bound like every other sign-in, {@link LoginBinding}).
 */
@Path("/login/email")
@Produces(MediaType.TEXT_HTML)
public class EmailSignInResource {

    private static final Logger LOG = Logger.getLogger(EmailSignInResource.class);

    @Inject
    @RestClient
    AuthApi auth;

    @Inject
    SessionFilters.Tokens tokens;

    @Inject
    LoginBinding binding;

    @Inject
    UiConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance codeSent(String email, String masked, String error);

        static native TemplateInstance linkSent(String masked);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@FormParam("email") String email, @FormParam("method") String method) {
        String address = email == null ? "" : email.trim();
        if (address.isEmpty()) {
            return failed("Enter your email address.", 400);
        }
        try {
            if ("link".equals(method)) {
                LoginBinding.Started started = binding.start();
                String masked = auth.linkStart(tokens.bearer(null), Map.of("loginId", address, "URI", started.redirectUrl()))
                        .get("maskedEmail");
                return Response.ok(Templates.linkSent(masked).render(), MediaType.TEXT_HTML_TYPE).cookie(started.cookie()).build();
            }
            String masked = auth.otpStart(tokens.bearer(null), Map.of("loginId", address)).get("maskedEmail");
            return HomeResource.page(Templates.codeSent(address, masked, null), 200);
        } catch (WebApplicationException e) {
            return startRefused(e);
        }
    }

    @POST
    @Path("/code")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response verify(@FormParam("email") String email, @FormParam("code") String code) {
        String address = email == null ? "" : email.trim();
        try {
            tokens.accept(auth.otpVerify(tokens.bearer(null), Map.of("loginId", address, "code", code == null ? "" : code.trim())));
            return Response.seeOther(URI.create("/")).build();
        } catch (WebApplicationException e) {
            LOG.infof("email code refused: %s", e.getMessage());
            return HomeResource.page(Templates.codeSent(address, null,
                    "That code is wrong or has expired. After five wrong tries, ask for a new one."), 401);
        }
    }

    private Response startRefused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 429 -> "Too many sign-in mails for this address or from yours. Wait a minute and try again.";
            case 403 -> "Your organisation signs in with its SSO: use \"Sign in with SSO\" with this address.";
            case 400 -> "Enter a valid email address.";
            default -> "The sign-in mail could not be sent. Please try again.";
        };
        return failed(message, status == 429 || status == 403 || status == 400 ? status : 502);
    }

    private Response failed(String message, int status) {
        return HomeResource.page(HomeResource.Templates.signedOut(config.socialProviders(), message), status);
    }
}
