package dev.gatehouse.auth.oauth;

import java.util.Optional;

/**
 * An identity provider we send users to: a social provider from configuration ({@code kind} oauth) or a
 * tenant's own OIDC IdP ({@code kind} oidc, {@code tenantId} set).
 */
public record UpstreamProvider(String name, String kind, String tenantId, String type, String issuer,
                               String clientId, Optional<String> clientSecret, String scopes, String tokenAuth,
                               String githubUrl, String githubApiUrl) {

    public boolean isGitHub() {
        return "github".equals(type);
    }
}
