package dev.gatehouse.tenant.scim;

import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every {@code /scim/v2/{tenantId}/…} request carries a SCIM token of that very tenant: another tenant's token, a
 * management key or a session JWT is refused as if unknown (401, SCIM error format). Each token gets
 * {@code gatehouse.scim.requests-per-minute}; beyond, 429.
 */
public class ScimAuthentication {

    @Inject
    ScimTokens tokens;

    @Inject
    CurrentClient current;

    @Inject
    Limiter limiter;

    @Inject
    AuditLog auditLog;

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/scim/v2/")) {
            return Optional.empty();
        }
        String rest = path.substring("/scim/v2/".length());
        String tenantId = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        Optional<ScimTokens.Client> client = tokens.authenticate(bearer).filter(c -> c.tenantId().equals(tenantId));
        if (client.isEmpty()) {
            if (bearer != null) {
                auditLog.failure("unknown", "scim.authenticate", null, path, "unknown, revoked or another tenant's SCIM token");
            }
            return Optional.of(new ScimError(401, null, "send Authorization: Bearer <this tenant's SCIM token>").toResponse());
        }
        if (!limiter.allow(client.get().tokenId())) {
            return Optional.of(Response.fromResponse(new ScimError(429, null,
                    "too many requests for this SCIM token; slow down").toResponse()).header("Retry-After", "60").build());
        }
        current.set(client.get());
        return Optional.empty();
    }

    /** The SCIM client of this request. */
    @RequestScoped
    public static class CurrentClient {
        private ScimTokens.Client client;

        void set(ScimTokens.Client client) {
            this.client = client;
        }

        ScimTokens.Client get() {
            if (client == null) {
                throw new ScimError(401, null, "no SCIM token");
            }
            return client;
        }
    }

    /** A fixed one-minute window per token. */
    @ApplicationScoped
    public static class Limiter {

        private final Map<String, long[]> windows = new ConcurrentHashMap<>();

        @Inject
        TenantServiceConfig config;

        @Inject
        Clock clock;

        boolean allow(String tokenId) {
            long minute = clock.millis() / 60_000;
            long[] window = windows.compute(tokenId, (id, w) -> w == null || w[0] != minute ? new long[]{minute, 1}
                    : new long[]{minute, w[1] + 1});
            return window[1] <= config.scim().requestsPerMinute();
        }
    }
}
