package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.RateLimiter;
import dev.gatehouse.auth.session.Sessions;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tokens.TokenMinter;
import dev.gatehouse.auth.tokens.TokenClaims;
import dev.gatehouse.auth.tokens.TokenVerifier;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Revocation (RFC 7009) and introspection (RFC 7662). Revoking a client's refresh or access token ends the session
 * behind it; introspection says whether a token is active now, which for a user's token includes its session.
 */
@Path("/oauth2")
public class RevocationResource {

    @Inject
    ClientAuthentication clientAuthentication;

    @Inject
    OAuthClients clients;

    @Inject
    TokenVerifier verifier;

    @Inject
    Sessions sessions;

    @Inject
    AuditTrail audit;

    @Inject
    AuthConfig config;

    @Inject
    RateLimiter rateLimiter;

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RFC 7009 revocation: a client's refresh or access token, and the session behind it")
    public Response revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form) {
        rateLimiter.checkClient("exchange", config.rateLimit().exchangePerMinute());
        OAuthClient client = clientAuthentication.authenticate(authorization, form);
        String token = requiredToken(form);
        TokenClaims claims = ownToken(token);
        // An unknown, expired or foreign token is answered 200 as well (RFC 7009 §2.2): nothing to tell the caller.
        if (claims != null && client.id.equals(claims.string("client_id")) && claims.has("sid")) {
            String sessionId = String.valueOf(claims.value("sid"));
            if (sessions.revokeForClient(sessionId, client.id, "revoked-by-client")) {
                audit.record("client:" + client.id, "session.revoke", null, sessionId, "RFC 7009 revocation");
            }
        }
        return Response.ok(Map.of()).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/introspect")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RFC 7662 introspection, for resource servers holding confidential client credentials")
    public Response introspect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form) {
        rateLimiter.checkClient("refresh", config.rateLimit().refreshPerMinute());
        OAuthClient caller = clientAuthentication.authenticate(authorization, form);
        if (caller.isPublic()) {
            throw OAuthError.invalidClient("introspection needs a confidential client", false);
        }
        String token = requiredToken(form);
        TokenClaims claims = ownToken(token);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", claims != null && active(claims, token));
        if (Boolean.TRUE.equals(answer.get("active"))) {
            String type = claims.string(TokenMinter.TYPE_CLAIM);
            putIfPresent(answer, "scope", claims.value("scope"));
            putIfPresent(answer, "client_id", claims.value("client_id"));
            putIfPresent(answer, "username", claims.value("email"));
            answer.put("token_type", TokenMinter.REFRESH_TYPE.equals(type) ? "refresh_token" : "Bearer");
            answer.put("exp", claims.seconds("exp"));
            putIfPresent(answer, "iat", claims.seconds("iat"));
            answer.put("sub", claims.subject());
            answer.put("aud", config.projectId());
            answer.put("iss", claims.string("iss"));
            putIfPresent(answer, "sid", claims.value("sid"));
            putIfPresent(answer, "jti", claims.value("jti"));
        }
        return Response.ok(answer).header("Cache-Control", "no-store").build();
    }

    /** Active: a refresh token its session honours, a user's access token of a live session, a live client's token. */
    private boolean active(TokenClaims claims, String token) {
        String type = claims.string(TokenMinter.TYPE_CLAIM);
        if (TokenMinter.REFRESH_TYPE.equals(type)) {
            try {
                return sessions.honours(verifier.refreshToken(token), token);
            } catch (ApiException e) {
                return false;
            }
        }
        if (TokenMinter.SESSION_TYPE.equals(type)) {
            return sessions.active(claims.string("sid"));
        }
        return type == null && clients.find(claims.string("client_id")).isPresent();
    }

    private TokenClaims ownToken(String token) {
        try {
            return verifier.ownToken(token);
        } catch (ApiException e) {
            return null;
        }
    }

    private static String requiredToken(MultivaluedMap<String, String> form) {
        String token = form.getFirst("token");
        if (token == null || token.isBlank() || token.length() > 8192) {
            throw OAuthError.invalidRequest("token is required");
        }
        return token;
    }

    private static void putIfPresent(Map<String, Object> answer, String name, Object value) {
        if (value != null) {
            answer.put(name, value);
        }
    }
}
