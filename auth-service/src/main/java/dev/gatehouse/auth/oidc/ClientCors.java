package dev.gatehouse.auth.oidc;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.Optional;
import java.util.Set;

/**
 * CORS for browser-based clients: discovery and keys for any origin (public documents); the token, userinfo and
 * revocation endpoints for the origins of registered redirect URIs only ({@link ClientOrigins}). Introspection,
 * authorization and logout are never called by scripts across origins and get no CORS headers.
 */
public class ClientCors {

    private static final Set<String> CLIENT_PATHS = Set.of("/oauth2/token", "/oauth2/userinfo", "/oauth2/revoke");

    @Inject
    ClientOrigins origins;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> preflight(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (!"OPTIONS".equals(request.getMethod()) || origin == null
                || request.getHeaderString("Access-Control-Request-Method") == null) {
            return Optional.empty();
        }
        String allowed = allowedOrigin(path(request), origin);
        if (allowed == null) {
            return isCorsPath(path(request)) ? Optional.of(Response.status(403).build()) : Optional.empty();
        }
        return Optional.of(Response.noContent()
                .header("Access-Control-Allow-Origin", allowed)
                .header("Access-Control-Allow-Methods", "GET, POST")
                .header("Access-Control-Allow-Headers", "Authorization, Content-Type, DPoP")
                .header("Access-Control-Max-Age", "600")
                .header("Vary", "Origin")
                .build());
    }

    @ServerResponseFilter
    public void allow(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        String allowed = origin == null ? null : allowedOrigin(path(request), origin);
        if (allowed != null) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", allowed);
            response.getHeaders().add("Vary", "Origin");
        }
    }

    /** The Access-Control-Allow-Origin value for this path and origin, or null when the origin may not read it. */
    private String allowedOrigin(String path, String origin) {
        if (path.equals("/oauth2/jwks") || path.contains("/.well-known/")) {
            return "*";
        }
        return CLIENT_PATHS.contains(path) && origins.contains(origin) ? origin : null;
    }

    private static boolean isCorsPath(String path) {
        return CLIENT_PATHS.contains(path) || path.equals("/oauth2/jwks") || path.contains("/.well-known/");
    }

    private static String path(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.startsWith("/") ? path : "/" + path;
    }
}
