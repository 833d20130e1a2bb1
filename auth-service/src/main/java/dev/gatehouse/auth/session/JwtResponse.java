package dev.gatehouse.auth.session;

import dev.gatehouse.auth.tenants.UserProfile;

import java.time.Instant;

/** The body the Descope SDKs expect from exchange, refresh and tenant select (descope-api.md). */
public record JwtResponse(String sessionJwt, String refreshJwt, String cookieDomain, String cookiePath,
                          long cookieMaxAge, long cookieExpiration, boolean firstSeen, DescopeUser user) {

    public static JwtResponse of(Sessions.IssuedTokens tokens, Instant now) {
        long expiration = tokens.refreshExpiresAt().getEpochSecond();
        return new JwtResponse(tokens.sessionJwt(), tokens.refreshJwt(), "", "/",
                Math.max(0, expiration - now.getEpochSecond()), expiration, tokens.firstSeen(), DescopeUser.of(tokens.user()));
    }
}
