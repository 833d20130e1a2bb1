package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.login.BrowserPages;
import dev.gatehouse.auth.session.Sessions;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tokens.TokenClaims;
import dev.gatehouse.auth.tokens.TokenVerifier;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the browser session and the sessions apps got
 * from it, then returns to a post-logout URI registered for the client, exactly. Without an {@code id_token_hint}
 * of the signed-in user, the user confirms first (a form posted from our own page, which a cross-site request
 * cannot forge: the session cookie is SameSite=Lax).
 */
@Path("/oauth2/logout")
public class LogoutResource {

    @Inject
    TokenVerifier verifier;

    @Inject
    OAuthClients clients;

    @Inject
    BrowserSessions browserSessions;

    @Inject
    Sessions sessions;

    @Inject
    AuditTrail audit;

    @Inject
    Template signout;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "RP-initiated logout (id_token_hint, client_id, post_logout_redirect_uri, state)")
    public Response logout(@Context UriInfo uri, @Context HttpHeaders headers) {
        return logout(uri.getQueryParameters(), headers.getCookies(), false);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "RP-initiated logout, by form post; confirm=yes is the user's confirmation from our page")
    public Response logoutByPost(MultivaluedMap<String, String> form, @Context HttpHeaders headers) {
        return logout(form, headers.getCookies(), "yes".equals(form.getFirst("confirm")));
    }

    private Response logout(MultivaluedMap<String, String> params, Map<String, Cookie> cookies, boolean confirmed) {
        TokenClaims hint = null;
        String hintValue = params.getFirst("id_token_hint");
        if (hintValue != null && !hintValue.isBlank()) {
            try {
                hint = verifier.idTokenHint(hintValue);
            } catch (ApiException e) {
                return BrowserPages.error(400, "Sign-out refused", "The id_token_hint is not an ID token issued here.");
            }
        }
        String clientId = params.getFirst("client_id");
        String hintClient = hint == null ? null : hint.audience().get(0);
        if (clientId != null && hintClient != null && !clientId.equals(hintClient)) {
            return BrowserPages.error(400, "Sign-out refused", "client_id and the id_token_hint name different applications.");
        }
        Optional<OAuthClient> client = clients.find(clientId != null ? clientId : hintClient);
        String redirect = params.getFirst("post_logout_redirect_uri");
        if (redirect != null && client.filter(c -> c.allowsPostLogoutRedirect(redirect)).isEmpty()) {
            return BrowserPages.error(400, "Sign-out refused", "post_logout_redirect_uri is not registered for this application"
                    + " (a client_id or id_token_hint names the application).");
        }
        Cookie sessionCookie = cookies.get(BrowserSessions.COOKIE);
        Optional<BrowserSession> browser = browserSessions.current(sessionCookie == null ? null : sessionCookie.getValue());
        String hintUser = hint == null ? null : hint.subject();
        boolean hintedByUser = hintUser != null && browser.map(b -> b.userId.equals(hintUser)).orElse(true);
        if (browser.isPresent() && !confirmed && !hintedByUser) {
            return confirmation(params);
        }
        browser.ifPresent(b -> {
            browserSessions.end(b, "logout");
            audit.record("user:" + b.userId, "session.logout", b.tenantId, b.id, "RP-initiated logout");
        });
        if (hint != null && hintClient != null && hint.has("sid")) {
            sessions.revokeForClient(String.valueOf(hint.value("sid")), hintClient, "logout");
        }
        Response.ResponseBuilder answer;
        if (redirect != null) {
            String state = params.getFirst("state");
            String target = state == null ? redirect : redirect + (redirect.contains("?") ? "&" : "?") + "state="
                    + URLEncoder.encode(state, StandardCharsets.UTF_8);
            answer = Response.seeOther(URI.create(target));
        } else {
            answer = Response.ok(signout.data("confirm", false).data("fields", Map.of()).render(),
                    MediaType.TEXT_HTML_TYPE.withCharset("utf-8"));
        }
        return answer.cookie(browserSessions.cleared()).header("Cache-Control", "no-store").build();
    }

    private Response confirmation(MultivaluedMap<String, String> params) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : new String[]{"id_token_hint", "client_id", "post_logout_redirect_uri", "state"}) {
            String value = params.getFirst(name);
            if (value != null) {
                fields.put(name, value);
            }
        }
        return Response.ok(signout.data("confirm", true).data("fields", fields.entrySet()).render(),
                MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).header("Cache-Control", "no-store").build();
    }
}
