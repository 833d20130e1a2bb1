package dev.gatehouse.tenant.access;

import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Establishes the {@link Caller} of every management and internal request from its bearer credential.
 * A missing or unusable credential ends the request with 401 here; what a caller may do is {@link Access}'s job.
 */
public class CallerFilter {

    @Inject
    Authenticator authenticator;

    @Inject
    CurrentCaller current;

    @ServerRequestFilter
    public Optional<Response> identify(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean internal = path.startsWith("/internal/");
        if (!internal && !path.startsWith("/v1/mgmt/")) {
            return Optional.empty();
        }
        String bearer = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        try {
            if (bearer == null) {
                throw ApiException.unauthorized("send Authorization: Bearer <projectId>:<managementKey> or a session JWT");
            }
            current.set(internal ? authenticator.internal(bearer, path) : authenticator.management(bearer, path));
            return Optional.empty();
        } catch (ApiException e) {
            return Optional.of(Response.status(401)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .type(Problem.MEDIA_TYPE)
                    .entity(new Problem("about:blank", "Unauthorized", 401, e.getMessage()))
                    .build());
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = authorization.substring(7).trim();
        return value.isEmpty() ? null : value;
    }
}
