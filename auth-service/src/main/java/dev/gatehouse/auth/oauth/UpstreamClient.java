package dev.gatehouse.auth.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.login.ExternalIdentity;
import dev.gatehouse.auth.login.LoginFailed;
import dev.gatehouse.auth.login.LoginTransaction;
import dev.gatehouse.auth.login.LoginTransactions;
import dev.gatehouse.auth.tenants.TenantSso;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The authorization code flow against an upstream provider (OIDC Core §3.1, RFC 6749 §4.1, RFC 7636), and
 * GitHub's plain OAuth 2.0 with its user API. Every ID token check is a separate, named refusal.
 */
@ApplicationScoped
public class UpstreamClient {

    @Inject
    OidcDiscovery discovery;

    @Inject
    UpstreamHttp http;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    public String callbackUrl() {
        return config.publicUrl().replaceAll("/+$", "") + "/v1/oauth/callback";
    }

    public String authorizationUrl(UpstreamProvider provider, LoginTransaction tx, String state, String loginHint) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", provider.clientId());
        query.put("redirect_uri", callbackUrl());
        query.put("state", state);
        query.put("code_challenge", LoginTransactions.pkceChallenge(tx.codeVerifier));
        query.put("code_challenge_method", "S256");
        String endpoint;
        if (provider.isGitHub()) {
            endpoint = provider.githubUrl() + "/login/oauth/authorize";
            query.put("scope", "read:user user:email");
        } else {
            endpoint = discovery.endpoints(provider.issuer()).authorizationEndpoint();
            query.put("scope", provider.scopes().contains("openid") ? provider.scopes() : "openid " + provider.scopes());
            query.put("nonce", tx.nonce);
        }
        if (loginHint != null && !loginHint.isBlank()) {
            query.put("login_hint", loginHint);
        }
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }

    /** Redeems the code and returns the verified identity. */
    public ExternalIdentity complete(UpstreamProvider provider, LoginTransaction tx, String code,
                                     TenantSso.AttributeMapping mapping) {
        if (provider.isGitHub()) {
            return gitHub(provider, tx, code);
        }
        OidcDiscovery.Endpoints endpoints = discovery.endpoints(provider.issuer());
        JsonNode tokens = redeem(provider, endpoints.tokenEndpoint(), tx, code);
        String idToken = tokens.path("id_token").asText(null);
        if (idToken == null) {
            throw LoginFailed.invalidResponse("token response has no id_token");
        }
        JwtClaims claims = verifyIdToken(provider, endpoints, idToken, tx.nonce);
        withUserinfo(claims, endpoints, tokens.path("access_token").asText(null), mapping);
        return identity(endpoints.issuer(), claims, mapping);
    }

    /**
     * OIDC Core §5.4: claims requested by scope may come only from the userinfo endpoint when an access token
     * was issued (Okta's org server and many enterprise IdPs send thin ID tokens). When the ID token lacks the
     * email or a name, userinfo fills them in, never overriding what the signed ID token says, and only when its
     * {@code sub} is the ID token's (§5.3.4: otherwise the answer is about someone else and is refused).
     */
    void withUserinfo(JwtClaims claims, OidcDiscovery.Endpoints endpoints, String accessToken,
                      TenantSso.AttributeMapping mapping) {
        String emailClaim = mapping == null ? "email" : mapping.email();
        boolean thin = !claims.hasClaim(emailClaim) || !(claims.hasClaim("name") || claims.hasClaim("given_name"));
        if (!thin || endpoints.userinfoEndpoint() == null || accessToken == null) {
            return;
        }
        JsonNode userinfo = http.getJson(endpoints.userinfoEndpoint(), accessToken, "userinfo");
        try {
            if (!claims.getSubject().equals(userinfo.path("sub").asText(null))) {
                throw LoginFailed.invalidResponse("userinfo answered for another subject than the ID token's");
            }
        } catch (MalformedClaimException e) {
            throw LoginFailed.invalidResponse("ID token has a malformed sub");
        }
        userinfo.fields().forEachRemaining(field -> {
            if (!claims.hasClaim(field.getKey())) {
                claims.setClaim(field.getKey(), json.convertValue(field.getValue(), Object.class));
            }
        });
    }

    JwtClaims verifyIdToken(UpstreamProvider provider, OidcDiscovery.Endpoints endpoints, String idToken, String nonce) {
        JwtClaims claims;
        try {
            claims = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireSubject()
                    .setAllowedClockSkewInSeconds(120)
                    .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                    // A templated (Microsoft multi-tenant) issuer is checked below against the token's tid.
                    .setExpectedIssuer(!MicrosoftIssuer.isTemplate(endpoints.issuer()),
                            MicrosoftIssuer.isTemplate(endpoints.issuer()) ? null : endpoints.issuer())
                    .setExpectedAudience(provider.clientId())
                    // OIDC Core §3.1.3.7: asymmetric signatures only here; never none, never HMAC.
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
                            AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384)
                    .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(discovery.jwks(endpoints)))
                    .build()
                    .processToClaims(idToken);
        } catch (InvalidJwtException e) {
            throw LoginFailed.invalidResponse("ID token refused: " + describe(e));
        }
        try {
            if (MicrosoftIssuer.isTemplate(endpoints.issuer())
                    && !MicrosoftIssuer.matches(endpoints.issuer(), claims.getIssuer(), claims.getStringClaimValue("tid"))) {
                throw LoginFailed.invalidResponse("ID token issuer " + claims.getIssuer() + " does not match its tenant id");
            }
            if (nonce == null || !nonce.equals(claims.getStringClaimValue("nonce"))) {
                throw LoginFailed.invalidResponse("ID token nonce does not match the login transaction");
            }
            List<String> audience = claims.getAudience();
            String azp = claims.getStringClaimValue("azp");
            if ((audience.size() > 1 && azp == null) || (azp != null && !azp.equals(provider.clientId()))) {
                throw LoginFailed.invalidResponse("ID token azp " + azp + " is not our client id");
            }
        } catch (MalformedClaimException e) {
            throw LoginFailed.invalidResponse("ID token has a malformed claim: " + e.getMessage());
        }
        return claims;
    }

    /** Names the failed checks without echoing the token (which jose4j's messages do). */
    private static String describe(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "expired";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "audience is not our client id";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "issuer mismatch";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.MISCELLANEOUS) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "signature not verifiable with the issuer's published keys, or a disallowed algorithm";
        }
        return e.getErrorDetails().stream().map(d -> "check " + d.getErrorCode() + " failed").collect(Collectors.joining("; "));
    }

    private JsonNode redeem(UpstreamProvider provider, String tokenEndpoint, LoginTransaction tx, String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", callbackUrl());
        form.put("code_verifier", tx.codeVerifier);
        String secret = provider.clientSecret().orElse(null);
        if ("post".equals(provider.tokenAuth()) || secret == null) {
            form.put("client_id", provider.clientId());
            if (secret != null) {
                form.put("client_secret", secret);
            }
            return http.postForm(tokenEndpoint, form, null, null, "token endpoint");
        }
        return http.postForm(tokenEndpoint, form, provider.clientId(), secret, "token endpoint");
    }

    private ExternalIdentity gitHub(UpstreamProvider provider, LoginTransaction tx, String code) {
        String accessToken = redeem(provider, provider.githubUrl() + "/login/oauth/access_token", tx, code)
                .path("access_token").asText(null);
        if (accessToken == null) {
            throw LoginFailed.invalidResponse("GitHub token response has no access_token");
        }
        JsonNode user = http.getJson(provider.githubApiUrl() + "/user", accessToken, "GitHub user API");
        String primaryVerified = null;
        for (JsonNode email : http.getJson(provider.githubApiUrl() + "/user/emails", accessToken, "GitHub emails API")) {
            if (email.path("primary").asBoolean() && email.path("verified").asBoolean()) {
                primaryVerified = email.path("email").asText();
            }
        }
        // GitHub's numeric id is stable; the login name can be changed and reused, so it is not the subject.
        return new ExternalIdentity(provider.issuer(), user.path("id").asText(), primaryVerified,
                primaryVerified != null, user.path("name").asText(user.path("login").asText()), null, null, null);
    }

    /** Claims to identity; for a tenant's IdP its attribute mapping names the claims, standard claims otherwise. */
    private static ExternalIdentity identity(String issuer, JwtClaims claims, TenantSso.AttributeMapping mapping) {
        try {
            String email = claim(claims, mapping == null ? null : mapping.email(), "email");
            Object verified = claims.getClaimValue("email_verified");
            boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
            List<String> groups = null;
            String groupsClaim = mapping == null ? null : mapping.groups();
            if (groupsClaim != null && claims.hasClaim(groupsClaim)) {
                Object value = claims.getClaimValue(groupsClaim);
                groups = value instanceof List<?> list
                        ? list.stream().map(String::valueOf).toList()
                        : List.of(String.valueOf(value));
            }
            return new ExternalIdentity(issuer, claims.getSubject(), email, emailVerified,
                    claims.getStringClaimValue("name"),
                    claim(claims, mapping == null ? null : mapping.firstName(), "given_name"),
                    claim(claims, mapping == null ? null : mapping.lastName(), "family_name"),
                    groups);
        } catch (MalformedClaimException e) {
            throw LoginFailed.invalidResponse("ID token has a malformed claim: " + e.getMessage());
        }
    }

    private static String claim(JwtClaims claims, String mapped, String standard) {
        Object value = mapped != null && claims.hasClaim(mapped) ? claims.getClaimValue(mapped) : claims.getClaimValue(standard);
        return value == null ? null : String.valueOf(value);
    }
}
