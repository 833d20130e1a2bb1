package dev.gatehouse.ui.session;

import dev.gatehouse.ui.UiConfig;
import dev.gatehouse.ui.upstream.AuthApi;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
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
    public void resolve(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/q/") || path.endsWith(".css") || path.endsWith(".js")) {
            return;
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

        /** Refreshes the session; on any refusal the visitor is signed out. */
        public void refresh(String refreshJwt) {
            if (refreshJwt == null) {
                current.signOut();
                return;
            }
            try {
                accept(auth.refresh(bearer(refreshJwt), Map.of()));
            } catch (RuntimeException e) {
                LOG.infof("refresh refused, signing out: %s", e.getMessage());
                current.signOut();
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
