package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.session.Sessions;
import dev.gatehouse.auth.tenants.UserDirectory;
import dev.gatehouse.auth.tenants.UserProfile;
import dev.gatehouse.auth.tokens.TokenMinter;
import dev.gatehouse.auth.tokens.TokenVerifier;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OIDC Core §5.3: the signed-in user as the access token's scope allows ({@code email}, {@code profile}); our
 * role claims always. Only an access token of a live session works (a revoked session's JWT is refused here).
 */
@Path("/oauth2/userinfo")
public class UserinfoResource {

    @Inject
    TokenVerifier verifier;

    @Inject
    Sessions sessions;

    @Inject
    UserDirectory directory;

    @Inject
    TokenMinter minter;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OIDC userinfo: claims about the user of the Bearer access token")
    public Map<String, Object> userinfo(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw OAuthError.invalidToken("send the access token as Authorization: Bearer <token>");
        }
        TokenVerifier.VerifiedToken token;
        try {
            token = verifier.sessionToken(authorization.substring(7).trim());
        } catch (ApiException e) {
            throw OAuthError.invalidToken("the access token is invalid or expired");
        }
        if (!sessions.active(token.sessionId())) {
            throw OAuthError.invalidToken("the session of this access token has ended");
        }
        UserProfile user = directory.user(token.userId()).filter(UserProfile::enabled)
                .orElseThrow(() -> OAuthError.invalidToken("the user is disabled or no longer exists"));
        Object scope = token.claims().value("scope");
        // A seed-style session JWT has no scope: it may read everything, as /v1/auth/me does.
        List<String> scopes = scope == null ? List.of("openid", "email", "profile") : Arrays.asList(scope.toString().split(" "));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user.userId());
        if (scopes.contains("email") && user.email() != null) {
            claims.put("email", user.email());
            claims.put("email_verified", user.verifiedEmail());
        }
        if (scopes.contains("profile")) {
            putIfPresent(claims, "name", user.name());
            putIfPresent(claims, "given_name", user.givenName());
            putIfPresent(claims, "family_name", user.familyName());
            putIfPresent(claims, "picture", user.picture());
        }
        // Current roles, under the same second-factor policy as the session's tokens.
        Object amr = token.claims().value("amr");
        String methods = amr instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : "";
        Map<String, Object> current = minter.userClaims(user, (String) token.claims().value("dct"), methods);
        for (String name : List.of("tenants", "roles", "permissions", "mfa_pending", "dct", "groups")) {
            if (current.containsKey(name)) {
                claims.put(name, current.get(name));
            }
        }
        return claims;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OIDC userinfo, by POST")
    public Map<String, Object> userinfoByPost(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return userinfo(authorization);
    }

    private static void putIfPresent(Map<String, Object> claims, String name, String value) {
        if (value != null && !value.isBlank()) {
            claims.put(name, value);
        }
    }
}
