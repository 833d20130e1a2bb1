package dev.gatehouse.auth.oidc;

import jakarta.ws.rs.core.MultivaluedMap;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameters of an authorization request, checked against its client (RFC 6749 §4.1.1, RFC 7636, OIDC Core
 * §3.1.2.1). Only what can be answered on the client's redirect URI is checked here; {@code client_id} and
 * {@code redirect_uri} have been, before.
 */
record AuthorizationParams(List<String> scopes, String nonce, String codeChallenge, Set<String> prompt, Long maxAge,
                           String provider, String tenant, String loginHint) {

    private static final Pattern PKCE_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");

    static AuthorizationParams check(MultivaluedMap<String, String> params, OAuthClient client) {
        if (params.containsKey("request")) {
            throw new OAuthError(400, "request_not_supported", "request objects are not supported");
        }
        if (params.containsKey("request_uri")) {
            throw new OAuthError(400, "request_uri_not_supported", "request_uri is not supported");
        }
        requireSingleValues(params);
        String responseType = single(params, "response_type", 20);
        if (!"code".equals(responseType)) {
            throw new OAuthError(400, "unsupported_response_type", "only response_type=code is supported");
        }
        if (!client.allowsGrant(OAuthClients.AUTHORIZATION_CODE)) {
            throw OAuthError.unauthorizedClient("this client may not use the authorization code flow");
        }
        String scope = single(params, "scope", 1024);
        List<String> scopes = scope == null || scope.isBlank() ? List.of("openid")
                : Arrays.stream(scope.trim().split(" +")).distinct().toList();
        if (!client.allowsScopes(scopes)) {
            throw new OAuthError(400, "invalid_scope", "this client may request only: " + String.join(" ", client.scopes));
        }
        String challenge = single(params, "code_challenge", 200);
        String method = single(params, "code_challenge_method", 10);
        if (challenge != null && !"S256".equals(method)) {
            throw OAuthError.invalidRequest("code_challenge_method must be S256");
        }
        if (challenge != null && !PKCE_CHALLENGE.matcher(challenge).matches()) {
            throw OAuthError.invalidRequest("code_challenge is not a base64url SHA-256 value");
        }
        if (challenge == null && method != null) {
            throw OAuthError.invalidRequest("code_challenge_method without code_challenge");
        }
        if (challenge == null && client.isPublic()) {
            throw OAuthError.invalidRequest("a public client must use PKCE (code_challenge with S256)");
        }
        Set<String> prompt = Set.of();
        String promptValue = single(params, "prompt", 100);
        if (promptValue != null && !promptValue.isBlank()) {
            List<String> values = Arrays.asList(promptValue.trim().split(" +"));
            if (!PROMPTS.containsAll(values) || (values.contains("none") && values.size() > 1)) {
                throw OAuthError.invalidRequest("prompt is none, or any of login, consent, select_account");
            }
            prompt = Set.copyOf(values);
        }
        Long maxAge = null;
        String maxAgeValue = single(params, "max_age", 12);
        if (maxAgeValue != null) {
            try {
                maxAge = Long.parseLong(maxAgeValue);
            } catch (NumberFormatException e) {
                maxAge = -1L;
            }
            if (maxAge < 0) {
                throw OAuthError.invalidRequest("max_age is a number of seconds");
            }
        }
        return new AuthorizationParams(scopes, single(params, "nonce", 512), challenge, prompt, maxAge,
                single(params, "provider", 100), single(params, "tenant", 320), single(params, "login_hint", 320));
    }

    /** RFC 6749 §3.1, §3.2: parameters must not be included more than once. */
    static void requireSingleValues(MultivaluedMap<String, String> params) {
        for (var entry : params.entrySet()) {
            if (entry.getValue().size() > 1) {
                throw OAuthError.invalidRequest(entry.getKey() + " is repeated");
            }
        }
    }

    /** The one value of a parameter (blank counts as absent), at most {@code maxLength} characters. */
    static String single(MultivaluedMap<String, String> params, String name, int maxLength) {
        String value = params.getFirst(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw OAuthError.invalidRequest(name + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    String scope() {
        return String.join(" ", scopes);
    }
}
