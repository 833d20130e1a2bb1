package dev.gatehouse.auth.session;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.RateLimiter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** The session half of the seed-style API (descope-api.md): exchange, refresh, tenant select, me, logout. */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SessionResource {

    @Inject
    Sessions sessions;

    @Inject
    AuthConfig config;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    Clock clock;


    @POST
    @Path("/oauth/exchange")
    @Operation(summary = "Exchange the one-time code of a social login for a session")
    public JwtResponse oauthExchange(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, CodeBody body) {
        return exchange(authorization, body);
    }

    @POST
    @Path("/sso/exchange")
    @Operation(summary = "Exchange the one-time code of an enterprise SSO login for a session")
    public JwtResponse ssoExchange(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, CodeBody body) {
        return exchange(authorization, body);
    }

    @POST
    @Path("/saml/exchange")
    @Operation(summary = "Alias of /v1/auth/sso/exchange, as the Descope JS SDK calls it")
    public JwtResponse samlExchange(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, CodeBody body) {
        return exchange(authorization, body);
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Rotate the refresh JWT and mint a new session JWT with the user's current roles")
    public JwtResponse refresh(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @CookieParam("DSR") String cookie) {
        rateLimiter.checkClient("refresh", config.rateLimit().refreshPerMinute());
        String refreshJwt = ProjectBearer.refreshJwt(authorization, cookie, config.projectId());
        return JwtResponse.of(sessions.refresh(refreshJwt), Instant.now(clock));
    }

    @POST
    @Path("/tenant/select")
    @Operation(summary = "Make one of the user's tenants the current one (dct) and mint tokens for it")
    public JwtResponse selectTenant(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    @CookieParam("DSR") String cookie, TenantBody body) {
        rateLimiter.checkClient("refresh", config.rateLimit().refreshPerMinute());
        String refreshJwt = ProjectBearer.refreshJwt(authorization, cookie, config.projectId());
        String tenant = lengthChecked("tenant", body == null ? null : body.tenant(), 64);
        return JwtResponse.of(sessions.selectTenant(refreshJwt, tenant), Instant.now(clock));
    }

    @GET
    @Path("/me")
    @Operation(summary = "The signed-in user")
    public DescopeUser me(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @CookieParam("DSR") String cookie) {
        return DescopeUser.of(sessions.me(ProjectBearer.refreshJwt(authorization, cookie, config.projectId())));
    }

    @POST
    @Path("/logout")
    @Operation(summary = "End this session")
    public Map<String, Object> logout(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @CookieParam("DSR") String cookie) {
        sessions.logout(ProjectBearer.refreshJwt(authorization, cookie, config.projectId()));
        return Map.of();
    }

    @POST
    @Path("/logoutall")
    @Operation(summary = "End every session of the user")
    public Map<String, Object> logoutAll(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @CookieParam("DSR") String cookie) {
        sessions.logoutAll(ProjectBearer.refreshJwt(authorization, cookie, config.projectId()));
        return Map.of();
    }

    private JwtResponse exchange(String authorization, CodeBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        rateLimiter.checkClient("exchange", config.rateLimit().exchangePerMinute());
        String code = lengthChecked("code", body == null ? null : body.code(), 200);
        return JwtResponse.of(sessions.exchange(code, null), Instant.now(clock));
    }

    /** A body field that may be absent but never longer than {@code max}: refused before any lookup, never echoed. */
    private static String lengthChecked(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiException.badRequest("E400010", field + ": must be at most " + max + " characters");
        }
        return value;
    }

    public record CodeBody(String code) {
    }

    public record TenantBody(String tenant) {
    }
}
