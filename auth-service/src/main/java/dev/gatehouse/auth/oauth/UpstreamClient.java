package dev.gatehouse.auth.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.login.ExternalIdentity;
import dev.gatehouse.auth.login.LoginFailed;
import dev.gatehouse.auth.login.LoginTransaction;
import dev.gatehouse.auth.login.LoginTransactions;
import dev.gatehouse.auth.tenants.TenantSso;
import dev.gatehouse.common.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The authorization code flow against an upstream provider (OIDC Core §3.1, RFC 6749 §4.1, RFC 7636), and
 * GitHub's plain OAuth 2.0 with its user API; the ID token is checked by {@link IdTokenVerifier}.
 */
@ApplicationScoped
public class UpstreamClient {

    @Inject
    OidcDiscovery discovery;

    @Inject
    IdTokenVerifier idTokens;

    @Inject
    UpstreamHttp http;

    @Inject
    AuthConfig config;

    @Inject
    ObjectMapper json;

    public String callbackUrl() {
        return Text.withoutTrailingSlashes(config.publicUrl()) + "/v1/oauth/callback";
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
        Map<String, Object> claims = idTokens.verify(provider.clientId(), endpoints, idToken, tx.nonce);
        withUserinfo(claims, endpoints, tokens.path("access_token").asText(null), mapping);
        return identity(endpoints.issuer(), claims, mapping);
    }

    /**
     * OIDC Core §5.4: claims requested by scope may come only from the userinfo endpoint when an access token
     * was issued (Okta's org server and many enterprise IdPs send thin ID tokens). When the ID token lacks the
     * email or a name, userinfo fills them in, never overriding what the signed ID token says, and only when its
     * {@code sub} is the ID token's (§5.3.4: otherwise the answer is about someone else and is refused).
     */
    void withUserinfo(Map<String, Object> claims, OidcDiscovery.Endpoints endpoints, String accessToken,
                      TenantSso.AttributeMapping mapping) {
        String emailClaim = mapping == null ? "email" : mapping.email();
        boolean thin = !claims.containsKey(emailClaim) || !(claims.containsKey("name") || claims.containsKey("given_name"));
        if (!thin || endpoints.userinfoEndpoint() == null || accessToken == null) {
            return;
        }
        JsonNode userinfo = http.getJson(endpoints.userinfoEndpoint(), accessToken, "userinfo");
        if (!String.valueOf(claims.get("sub")).equals(userinfo.path("sub").asText(null))) {
            throw LoginFailed.invalidResponse("userinfo answered for another subject than the ID token's");
        }
        userinfo.fields().forEachRemaining(field ->
                claims.putIfAbsent(field.getKey(), json.convertValue(field.getValue(), Object.class)));
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
    private static ExternalIdentity identity(String issuer, Map<String, Object> claims, TenantSso.AttributeMapping mapping) {
        String email = claim(claims, mapping == null ? null : mapping.email(), "email");
        Object verified = claims.get("email_verified");
        boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        List<String> groups = null;
        String groupsClaim = mapping == null ? null : mapping.groups();
        if (groupsClaim != null && claims.containsKey(groupsClaim)) {
            Object value = claims.get(groupsClaim);
            groups = value instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList()
                    : List.of(String.valueOf(value));
        }
        Object name = claims.get("name");
        return new ExternalIdentity(issuer, String.valueOf(claims.get("sub")), email, emailVerified,
                name instanceof String text ? text : null,
                claim(claims, mapping == null ? null : mapping.firstName(), "given_name"),
                claim(claims, mapping == null ? null : mapping.lastName(), "family_name"),
                groups);
    }

    private static String claim(Map<String, Object> claims, String mapped, String standard) {
        Object value = mapped != null && claims.containsKey(mapped) ? claims.get(mapped) : claims.get(standard);
        return value == null ? null : String.valueOf(value);
    }
}
