package dev.gatehouse.ui.session;

import dev.gatehouse.ui.UiConfig;
import dev.gatehouse.ui.upstream.AuthApi;
import dev.gatehouse.ui.errors.ErrorPages;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.Map;

/**
 * Sessions live in two cookies: {@code DS} (session JWT) and {@code DSR} (refresh JWT), HttpOnly, SameSite=Lax,
 * Secure outside local development. An expired session JWT is refreshed transparently; a session JWT that fails
 * verification for any other reason (tampered, wrong issuer) signs the visitor out.
 */
public class SessionFilters {

    static final String SESSION_COOKIE = "DS";
    static final String REFRESH_COOKIE = "DSR";
    private static final Logger LOG = Logger.getLogger(SessionFilters.class);

    @Inject
    SessionVerifier verifier;

    @Inject
    CurrentVisitor current;

    @Inject
    Tokens tokens;

    @ServerRequestFilter
    public Response resolve(ContainerRequestContext request, HttpHeaders headers) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/q/") || path.endsWith(".css") || path.endsWith(".js")) {
            return null;
        }
        String sessionJwt = value(request.getCookies().get(SESSION_COOKIE));
        String refreshJwt = value(request.getCookies().get(REFRESH_COOKIE));
        SessionVerifier.Result result = verifier.verify(sessionJwt);
        switch (result.state()) {
            case VALID -> current.signedIn(result.visitor(), refreshJwt);
            case EXPIRED -> tokens.refresh(refreshJwt);
            case INVALID -> current.signOut();
            case ABSENT -> {
                if (refreshJwt != null) {
                    tokens.refresh(refreshJwt);
                }
            }
        }
        return current.unavailable()
                .map(busy -> ErrorPages.tryAgain(busy.status(), busy.retryAfterSeconds(), headers))
                .orElse(null);
    }

    @ServerResponseFilter
    public void writeCookies(ContainerResponseContext response) {
        try {
            current.newTokens().ifPresent(t -> {
                response.getHeaders().add("Set-Cookie", tokens.cookie(SESSION_COOKIE, t.sessionJwt(), (int) t.cookieMaxAge()));
                response.getHeaders().add("Set-Cookie", tokens.cookie(REFRESH_COOKIE, t.refreshJwt(), (int) t.cookieMaxAge()));
            });
            if (current.signingOut()) {
                response.getHeaders().add("Set-Cookie", tokens.cookie(SESSION_COOKIE, "", 0));
                response.getHeaders().add("Set-Cookie", tokens.cookie(REFRESH_COOKIE, "", 0));
            }
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            LOG.debug("no request context for the cookie filter");
        }
    }

    private static String value(Cookie cookie) {
        return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
    }

    /** Token operations shared by the filter and the pages. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class Tokens {

        @Inject
        @RestClient
        AuthApi auth;

        @Inject
        UiConfig config;

        @Inject
        SessionVerifier verifier;

        @Inject
        CurrentVisitor current;

        /**
         * Refreshes the session. A refusal of the session itself (401, 403) signs the visitor out; throttling
         * (429) or an outage (5xx, no answer) keeps the cookies and asks the visitor to try again.
         */
        public void refresh(String refreshJwt) {
            if (refreshJwt == null) {
                current.signOut();
                return;
            }
            try {
                accept(auth.refresh(bearer(refreshJwt), Map.of()));
            } catch (WebApplicationException e) {
                int status = e.getResponse().getStatus();
                if (status == 429 || status >= 500) {
                    LOG.infof("refresh unavailable (%d); keeping the session", status);
                    current.refreshUnavailable(status == 429 ? 429 : 503, retryAfter(e.getResponse()));
                } else {
                    LOG.infof("refresh refused, signing out: %s", e.getMessage());
                    current.signOut();
                }
            } catch (ProcessingException e) {
                LOG.warnf("auth-service unreachable on refresh; keeping the session: %s", e.getMessage());
                current.refreshUnavailable(503, 5);
            }
        }

        private static long retryAfter(Response response) {
            try {
                return Math.max(1, Math.min(300, Long.parseLong(response.getHeaderString("Retry-After"))));
            } catch (NumberFormatException e) {
                return 5;
            }
        }

        /** Takes fresh tokens from auth-service, verified like any other before they are trusted. */
        public void accept(AuthApi.Tokens tokens) {
            SessionVerifier.Result result = verifier.verify(tokens.sessionJwt());
            if (result.state() == SessionVerifier.Result.State.VALID) {
                current.replaceTokens(tokens, result.visitor());
            } else {
                current.signOut();
            }
        }

        public String bearer(String refreshJwt) {
            return "Bearer " + config.projectId() + (refreshJwt == null ? "" : ":" + refreshJwt);
        }

        NewCookie cookie(String name, String value, int maxAge) {
            return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).secure(config.secureCookies())
                    .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
        }
    }
}
