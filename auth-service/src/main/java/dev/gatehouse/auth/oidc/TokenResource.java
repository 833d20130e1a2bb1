package dev.gatehouse.auth.oidc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.RateLimiter;
import dev.gatehouse.auth.session.Sessions;
import dev.gatehouse.auth.tokens.TokenMinter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseHeader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The token endpoint (RFC 6749 §3.2): authorization_code (with PKCE), refresh_token (the rotation and reuse
 * detection of the seed-style face), client_credentials. The access token is a session JWT carrying
 * {@code client_id} and {@code scope}; the ID token's audience is the client.
 */
@Path("/oauth2/token")
public class TokenResource {

    @Inject
    ClientAuthentication clientAuthentication;

    @Inject
    AuthorizationCodes codes;

    @Inject
    Sessions sessions;

    @Inject
    TokenMinter minter;

    @Inject
    AuthConfig config;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OAuth 2.0 token endpoint: authorization_code, refresh_token, client_credentials")
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @ResponseHeader(name = "Pragma", value = "no-cache")
    public TokenAnswer token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form) {
        rateLimiter.checkClient("exchange", config.rateLimit().exchangePerMinute());
        AuthorizationParams.requireSingleValues(form);
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        Optional<TokenAnswer> proven = provingSecret(grantType, authorization, form);
        if (proven.isPresent()) {
            return proven.get();
        }
        OAuthClient client = clientAuthentication.authenticate(authorization, form);
        if (!OAuthClients.GRANTS.contains(grantType)) {
            throw new OAuthError(400, "unsupported_grant_type", "grant_type is authorization_code, refresh_token or client_credentials");
        }
        if (!client.allowsGrant(grantType)) {
            throw OAuthError.unauthorizedClient("this client may not use the " + grantType + " grant");
        }
        // RFC 6749 §5.1's no-store and no-cache headers are static (a typed answer: no writer looked up per request).
        return switch (grantType) {
            case OAuthClients.AUTHORIZATION_CODE -> authorizationCode(client, form);
            case OAuthClients.REFRESH_TOKEN -> refresh(client, form);
            default -> clientCredentials(client, form);
        };
    }

    private TokenAnswer authorizationCode(OAuthClient client, MultivaluedMap<String, String> form) {
        return answer(client.id, codes.redeem(client, form.getFirst("code"), form.getFirst("redirect_uri"),
                form.getFirst("code_verifier")));
    }

    /**
     * The common code exchange or refresh of a client with a secret, whose one statement (the code's claim, the
     * rotation) proves the secret: no query of its own for it. Empty when the request is not one of those or that
     * statement changed nothing, and the grant is decided as any other, the client authenticated first.
     */
    private Optional<TokenAnswer> provingSecret(String grantType, String authorization, MultivaluedMap<String, String> form) {
        return switch (grantType) {
            case OAuthClients.AUTHORIZATION_CODE -> clientAuthentication.presentedSecret(authorization, form).flatMap(client ->
                    codes.redeemProvingClient(client, form.getFirst("code"), form.getFirst("redirect_uri"),
                            form.getFirst("code_verifier")).map(redeemed -> answer(client.clientId(), redeemed)));
            case OAuthClients.REFRESH_TOKEN -> refreshWithSecret(authorization, form);
            default -> Optional.empty();
        };
    }

    private Optional<TokenAnswer> refreshWithSecret(String authorization, MultivaluedMap<String, String> form) {
        String refreshToken = wellFormedRefreshToken(form);
        if (refreshToken == null) {
            return Optional.empty();
        }
        return clientAuthentication.presentedSecret(authorization, form).flatMap(client ->
                refreshed(() -> sessions.refreshProvingClient(refreshToken, client, form.getFirst("scope")))
                        .map(refreshed -> answer(client.clientId(), refreshed)));
    }

    private TokenAnswer refresh(OAuthClient client, MultivaluedMap<String, String> form) {
        Sessions.ClientRefresh refreshed = refreshed(() -> sessions.refreshForClient(refreshToken(form), client.id,
                form.getFirst("scope")));
        return answer(client.id, refreshed);
    }

    private static String refreshToken(MultivaluedMap<String, String> form) {
        String refreshToken = wellFormedRefreshToken(form);
        if (refreshToken == null) {
            throw OAuthError.invalidRequest("refresh_token is required");
        }
        return refreshToken;
    }

    private static String wellFormedRefreshToken(MultivaluedMap<String, String> form) {
        String refreshToken = form.getFirst("refresh_token");
        return refreshToken == null || refreshToken.length() > 4096 ? null : refreshToken;
    }

    /** A refresh's refusal in RFC 6749 §5.2's terms. */
    private static <T> T refreshed(Supplier<T> refresh) {
        try {
            return refresh.get();
        } catch (ApiException e) {
            if (e.status() >= 500 || e.status() == 429) {
                throw e;
            }
            if (Sessions.SCOPE_WIDENED.equals(e.errorCode())) {
                throw new OAuthError(400, "invalid_scope", e.getMessage());
            }
            throw OAuthError.invalidGrant(e.getMessage());
        }
    }

    private TokenAnswer clientCredentials(OAuthClient client, MultivaluedMap<String, String> form) {
        String requested = form.getFirst("scope");
        // Without a scope the client gets all of its own API scopes; the OpenID ones are about users and never apply.
        List<String> scopes = requested == null || requested.isBlank()
                ? Arrays.stream(client.scopes).filter(scope -> !OAuthClients.DEFAULT_SCOPES.contains(scope)).toList()
                : Arrays.stream(requested.trim().split(" +")).distinct().toList();
        if (!client.allowsScopes(scopes) || scopes.stream().anyMatch(OAuthClients.DEFAULT_SCOPES::contains)) {
            throw new OAuthError(400, "invalid_scope", "scope must be among the client's own, without the OpenID scopes");
        }
        Instant now = Instant.now(clock);
        Duration ttl = config.session().sessionTtl();
        String scope = String.join(" ", scopes);
        return new TokenAnswer(minter.clientToken(client.id, scope, now, now.plus(ttl)), "Bearer", ttl.toSeconds(),
                null, null, scope);
    }

    /** A code exchange's answer: the refresh token only for a client that holds the refresh_token grant. */
    private TokenAnswer answer(String clientId, AuthorizationCodes.Redeemed redeemed) {
        AuthorizationCode code = redeemed.code();
        return answer(clientId, redeemed.refreshable(), redeemed.tokens(), code.scope, code.authTime, code.nonce);
    }

    /** A refresh's answer: the client holds the refresh_token grant (checked before, or by the rotation statement). */
    private TokenAnswer answer(String clientId, Sessions.ClientRefresh refreshed) {
        return answer(clientId, true, refreshed.tokens(), refreshed.scope(), refreshed.authTime(), null);
    }

    private TokenAnswer answer(String clientId, boolean mayRefresh, Sessions.IssuedTokens tokens, String scope, Instant authTime,
                               String nonce) {
        List<String> scopes = Arrays.asList(scope.split(" "));
        String idToken = scopes.contains("openid") ? minter.idToken(tokens.user(),
                new TokenMinter.SignIn(clientId, tokens.sessionId(), tokens.amr(), tokens.tenantId(), authTime, nonce),
                tokens.issuedAt(), tokens.sessionExpiresAt()) : null;
        String refresh = mayRefresh ? tokens.refreshJwt() : null;
        long expiresIn = Duration.between(tokens.issuedAt(), tokens.sessionExpiresAt()).toSeconds();
        return new TokenAnswer(tokens.sessionJwt(), "Bearer", expiresIn, refresh, idToken, scope);
    }

    /** RFC 6749 §5.1, OIDC Core §3.1.3.3. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenAnswer(@JsonProperty("access_token") String accessToken,
                              @JsonProperty("token_type") String tokenType,
                              @JsonProperty("expires_in") long expiresIn,
                              @JsonProperty("refresh_token") String refreshToken,
                              @JsonProperty("id_token") String idToken,
                              String scope) {
    }
}
