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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Map;

/**
 * "Confirm it's you": before a sensitive page (SSO setup) a session whose last sign-in or step-up is older than
 * {@code gatehouse.step-up-max-age} steps up here, with a passkey or an authenticator app's code (auth-service's
 * {@code loginOptions.stepup}: the session's {@code auth_time} becomes now and {@code amr} gains the method), or
 * signs in again. {@code next} is a path of this app, never another site.
 */
@Path("/account/confirm")
public class ConfirmResource {

    private static final Logger LOG = Logger.getLogger(ConfirmResource.class);

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
        static native TemplateInstance confirm(Visitor visitor, String next, String error);
    }

    /** Where a page that needs a recent step-up sends an older session. */
    public static Response ask(String next) {
        return Response.seeOther(URI.create("/account/confirm?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8))).build();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("next") String next) {
        Visitor visitor = current.get().orElse(null);
        if (visitor == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        return html(Templates.confirm(visitor, local(next), null), 200);
    }

    @POST
    @Path("/totp")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response totp(@FormParam("code") String code, @FormParam("next") String next) {
        Visitor visitor = current.get().orElse(null);
        String refresh = current.refreshJwt().orElse(null);
        if (visitor == null || refresh == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        try {
            tokens.accept(auth.totpVerify(tokens.bearer(refresh), Map.of("loginId", visitor.email(),
                    "code", code == null ? "" : code.trim(), "loginOptions", Map.of("stepup", true))));
            return Response.seeOther(URI.create(local(next))).build();
        } catch (WebApplicationException e) {
            LOG.infof("step-up code refused: %s", e.getMessage());
            return html(Templates.confirm(visitor, local(next),
                    "That code was not accepted: use the current code of your authenticator app (each code works once)."), 401);
        }
    }

    @POST
    @Path("/passkey/start")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response passkeyStart() {
        Visitor visitor = current.get().orElse(null);
        String refresh = current.refreshJwt().orElse(null);
        if (visitor == null || refresh == null) {
            return PasskeyAnswers.error(401, "Your session has ended: sign in again.");
        }
        try {
            return Response.ok(auth.passkeySignInStart(tokens.bearer(refresh), Map.of("loginId", visitor.email(),
                    "origin", PasskeyAnswers.origin(config), "loginOptions", Map.of("stepup", true)))).build();
        } catch (WebApplicationException e) {
            return PasskeyAnswers.refused(e, "Passkey confirmation could not start.");
        }
    }

    @POST
    @Path("/passkey/finish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response passkeyFinish(@FormParam("transactionId") String transactionId, @FormParam("response") String response,
                                  @FormParam("next") String next) {
        String refresh = current.refreshJwt().orElse(null);
        if (refresh == null) {
            return PasskeyAnswers.error(401, "Your session has ended: sign in again.");
        }
        try {
            tokens.accept(auth.passkeySignInFinish(tokens.bearer(refresh), PasskeyAnswers.finishBody(transactionId, response)));
            return Response.ok(Map.of("redirect", local(next))).build();
        } catch (WebApplicationException e) {
            LOG.infof("passkey step-up refused: %s", e.getMessage());
            return PasskeyAnswers.refused(e, "That passkey did not confirm it's you.");
        }
    }

    /** A path of this app: {@code /something}, never {@code //host} or {@code /\host} (another site). */
    static String local(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.contains("\r")
                || next.contains("\n")) {
            return "/";
        }
        return next;
    }

    private static Response html(TemplateInstance page, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store").entity(page.render()).build();
    }
}
