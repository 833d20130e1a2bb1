package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.RateLimited;
import dev.gatehouse.auth.common.RateLimiter;
import dev.gatehouse.auth.login.BrowserPages;
import dev.gatehouse.auth.login.UpstreamLogins;
import dev.gatehouse.auth.oauth.ProviderRegistry;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.Text;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's browser side (OIDC Core §3.1.2): the authorization endpoint, the hosted sign-in page that
 * chooses the upstream provider, and the return from it. Until {@code client_id} and {@code redirect_uri} are
 * known good, errors are a page here; after, they go back to the client (RFC 6749 §4.1.2.1).
 */
@Path("/oauth2")
public class AuthorizeResource {

    static final String BINDING_COOKIE = "gh_authz_";
    private static final Map<String, String> LABELS = Map.of("google", "Google", "github", "GitHub", "microsoft", "Microsoft");

    @Inject
    OAuthClients clients;

    @Inject
    BrowserSessions browserSessions;

    @Inject
    AuthorizationCodes codes;

    @Inject
    AuthorizationRequests requests;

    @Inject
    UpstreamLogins logins;

    @Inject
    ProviderRegistry providers;

    @Inject
    OneTimeCodes loginCodes;

    @Inject
    AuthConfig config;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    Clock clock;

    @Inject
    Template signin;

    @GET
    @Path("/authorize")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "OIDC authorization endpoint (code flow; PKCE S256; response_mode query or form_post)")
    public Response authorize(@Context UriInfo uri, @Context HttpHeaders headers) {
        return authorize(uri.getQueryParameters(), headers.getCookies());
    }

    @POST
    @Path("/authorize")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "OIDC authorization endpoint, with the parameters in a form (OIDC Core §3.1.2.1)")
    public Response authorizeForm(MultivaluedMap<String, String> form, @Context HttpHeaders headers) {
        return authorize(form, headers.getCookies());
    }

    @GET
    @Path("/signin")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The hosted sign-in page: social providers and an email box for enterprise SSO")
    public Response signIn(@QueryParam("request") String requestId, @Context HttpHeaders headers) {
        return pending(requestId, headers.getCookies())
                .map(request -> page(request, null, null, 200))
                .orElseGet(AuthorizeResource::expired);
    }

    @GET
    @Path("/signin/start")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sends the browser to the chosen provider, or to the SSO of the email address's tenant")
    public Response start(@QueryParam("request") String requestId, @QueryParam("provider") String provider,
                          @QueryParam("email") String email, @Context HttpHeaders headers) {
        Optional<AuthorizationRequest> found = pending(requestId, headers.getCookies());
        if (found.isEmpty()) {
            return expired();
        }
        AuthorizationRequest request = found.get();
        try {
            rateLimiter.checkClient("login", config.rateLimit().loginPerMinute());
            String url = provider != null ? logins.social(provider, continueUrl(request.id), request.loginHint)
                    : logins.sso(email == null ? null : email.trim(), continueUrl(request.id), null, false);
            return Response.seeOther(URI.create(url)).build();
        } catch (ApiException e) {
            return page(request, e.getMessage(), email, e.status() >= 500 ? 502 : 400);
        }
    }

    @GET
    @Path("/continue")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Where the upstream sign-in comes back: starts the browser session and answers the client")
    public Response continueAfterSignIn(@QueryParam("request") String requestId, @QueryParam("code") String loginCode,
                                        @QueryParam("error") String error,
                                        @QueryParam("error_description") String errorDescription,
                                        @Context HttpHeaders headers) {
        Optional<AuthorizationRequest> consumed = consume(requestId, headers.getCookies());
        if (consumed.isEmpty()) {
            return expired();
        }
        AuthorizationRequest request = consumed.get();
        ClientRedirect back = new ClientRedirect(request.redirectUri, request.responseMode, request.state, config.issuer());
        NewCookie clearBinding = browserSessions.cookie(BINDING_COOKIE + request.id, "", Duration.ZERO);
        if (error != null || loginCode == null) {
            String code = "temporarily_unavailable".equals(error) ? error : "access_denied";
            return withCookies(back.error(code, errorDescription == null ? "the sign-in did not complete" : errorDescription),
                    clearBinding);
        }
        try {
            BrowserSessions.Started started = QuarkusTransaction.requiringNew().call(() -> {
                OneTimeCodes.CompletedLogin login = loginCodes.redeem(loginCode, continueUrl(request.id)).login();
                return browserSessions.start(login);
            });
            return withCookies(back.code(codes.issue(request, started.session())), clearBinding, started.cookie());
        } catch (ApiException e) {
            return withCookies(back.error("access_denied", e.getMessage()), clearBinding);
        }
    }

    private Response authorize(MultivaluedMap<String, String> params, Map<String, Cookie> cookies) {
        if (params.getOrDefault("client_id", List.of()).size() > 1 || params.getOrDefault("redirect_uri", List.of()).size() > 1) {
            return BrowserPages.error(400, "Invalid sign-in request", "client_id and redirect_uri may be given only once.");
        }
        OAuthClient client = clients.find(params.getFirst("client_id")).orElse(null);
        if (client == null) {
            return BrowserPages.error(400, "Unknown application",
                    "The sign-in request names no application registered here (client_id).");
        }
        String redirectUri = params.getFirst("redirect_uri");
        if (!client.allowsRedirect(redirectUri)) {
            return BrowserPages.error(400, "Unregistered redirect URI", "The redirect_uri of this request is not registered for "
                    + client.name + ", so the browser is not sent there.");
        }
        String mode = params.getFirst("response_mode");
        String state = params.getFirst("state");
        ClientRedirect back = new ClientRedirect(redirectUri, ClientRedirect.FORM_POST.equals(mode) ? ClientRedirect.FORM_POST
                : ClientRedirect.QUERY, state != null && state.length() <= 1024 ? state : null, config.issuer());
        if (mode != null && !ClientRedirect.QUERY.equals(mode) && !ClientRedirect.FORM_POST.equals(mode)) {
            return back.error("invalid_request", "response_mode is query or form_post");
        }
        try {
            AuthorizationParams checked = AuthorizationParams.check(params, client);
            AuthorizationParams.single(params, "state", 1024);
            rateLimiter.checkClient("login", config.rateLimit().loginPerMinute());
            AuthorizationRequest request = new AuthorizationRequest();
            request.clientId = client.id;
            request.redirectUri = redirectUri;
            request.responseMode = back.responseMode();
            request.state = back.state();
            request.nonce = checked.nonce();
            request.scope = checked.scope();
            request.codeChallenge = checked.codeChallenge();
            request.loginHint = checked.loginHint();
            // A browser session serves the request unless prompt=login asks for a new sign-in, max_age wants a more
            // recent one, or tenant= names another tenant.
            Optional<String> code = checked.prompt().contains("login") ? Optional.empty()
                    : codes.issueForBrowser(request, value(cookies, BrowserSessions.COOKIE), signedInSince(checked.maxAge()),
                    checked.tenant());
            if (code.isPresent()) {
                return back.code(code.get());
            }
            if (checked.prompt().contains("none")) {
                return back.error("login_required", "the browser has no sign-in session that satisfies the request");
            }
            String binding = Secrets.newSecret();
            request.id = Secrets.newId("A");
            request.bindingHash = Secrets.sha256(binding);
            request.createdAt = Instant.now(clock);
            request.expiresAt = request.createdAt.plus(config.login().transactionTtl());
            requests.insert(request);
            NewCookie bindingCookie = browserSessions.cookie(BINDING_COOKIE + request.id, binding, config.login().transactionTtl());
            return Response.seeOther(upstream(request, checked)).cookie(bindingCookie).build();
        } catch (OAuthError e) {
            return back.error(e);
        } catch (RateLimited e) {
            return back.error("temporarily_unavailable", e.getMessage());
        } catch (ApiException e) {
            return back.error(e.status() >= 500 ? "temporarily_unavailable" : "invalid_request", e.getMessage());
        }
    }

    /** Where the browser goes next: straight upstream when the request says where, else the sign-in page. */
    private URI upstream(AuthorizationRequest request, AuthorizationParams checked) {
        String back = continueUrl(request.id);
        boolean force = checked.prompt().contains("login");
        if (checked.provider() != null) {
            return URI.create(logins.social(checked.provider(), back, checked.loginHint()));
        }
        if (checked.tenant() != null) {
            return URI.create(logins.sso(checked.tenant(), back, checked.loginHint(), force));
        }
        if (checked.loginHint() != null && checked.loginHint().contains("@")) {
            try {
                return URI.create(logins.sso(checked.loginHint(), back, checked.loginHint(), force));
            } catch (ApiException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                // No tenant has SSO for the address: the sign-in page offers the rest.
            }
        }
        return URI.create("/oauth2/signin?request=" + request.id);
    }

    /**
     * The earliest sign-in that max_age accepts; null for any. A browser session never outlives its lifetime, so a
     * max_age beyond that accepts any (and a date before PostgreSQL's earliest is never asked for).
     */
    private Instant signedInSince(Long maxAge) {
        return maxAge == null || maxAge >= config.oidc().browserSessionTtl().toSeconds() ? null
                : Instant.now(clock).minusSeconds(maxAge);
    }

    /** The request this browser started (its binding cookie matches), unused and unexpired. */
    private Optional<AuthorizationRequest> pending(String requestId, Map<String, Cookie> cookies) {
        return QuarkusTransaction.requiringNew().call(() -> find(requestId, cookies, false));
    }

    /** As {@link #pending}, and marked used: the return from upstream is accepted once. */
    private Optional<AuthorizationRequest> consume(String requestId, Map<String, Cookie> cookies) {
        return QuarkusTransaction.requiringNew().call(() -> find(requestId, cookies, true));
    }

    private Optional<AuthorizationRequest> find(String requestId, Map<String, Cookie> cookies, boolean consume) {
        if (requestId == null || requestId.length() > 40) {
            return Optional.empty();
        }
        String binding = value(cookies, BINDING_COOKIE + requestId);
        Instant now = Instant.now(clock);
        AuthorizationRequest request = requests.find(requestId, consume);
        if (request == null || binding == null || request.usedAt != null || !now.isBefore(request.expiresAt)
                || !Secrets.sameSecret(request.bindingHash, Secrets.sha256(binding))) {
            return Optional.empty();
        }
        if (consume) {
            requests.markUsed(requestId, now);
            request.usedAt = now;
        }
        return Optional.of(request);
    }

    private Response page(AuthorizationRequest request, String error, String email, int status) {
        String clientName = clients.find(request.clientId).map(client -> client.name).orElse("the application");
        List<Map<String, String>> choices = providers.names().stream()
                .map(name -> Map.of("name", name, "label", LABELS.getOrDefault(name,
                        name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1))))
                .toList();
        String html = signin.data("clientName", clientName).data("request", request.id).data("providers", choices)
                .data("error", error).data("email", email).render();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html)
                .header("Cache-Control", "no-store").build();
    }

    private static Response expired() {
        return BrowserPages.error(400, "This sign-in is no longer valid",
                "It expired, was already completed, or was started in another browser.");
    }

    private String continueUrl(String requestId) {
        return Text.withoutTrailingSlashes(config.publicUrl()) + "/oauth2/continue?request=" + requestId;
    }

    private static String value(Map<String, Cookie> cookies, String name) {
        Cookie cookie = cookies.get(name);
        return cookie == null ? null : cookie.getValue();
    }

    private static Response withCookies(Response response, NewCookie... cookies) {
        return Response.fromResponse(response).cookie(cookies).build();
    }
}
