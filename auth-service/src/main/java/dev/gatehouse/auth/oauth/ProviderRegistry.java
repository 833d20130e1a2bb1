package dev.gatehouse.auth.oauth;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.tenants.TenantSso;
import dev.gatehouse.common.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Which upstream provider a login goes to: a configured social provider, or a tenant's OIDC connection. */
@ApplicationScoped
public class ProviderRegistry {

    /** Issuers of the well-known providers, used when configuration names none. */
    private static final Map<String, String> WELL_KNOWN_ISSUERS = Map.of(
            "google", "https://accounts.google.com",
            "microsoft", "https://login.microsoftonline.com/common/v2.0");

    @Inject
    AuthConfig config;

    public UpstreamProvider social(String name) {
        AuthConfig.OAuthProvider provider = name == null ? null : config.oauthProviders().get(name);
        if (provider == null) {
            throw ApiException.badRequest("E062101", "unknown provider '" + name + "'; configured: " + names());
        }
        String type = "github".equals(name) ? "github" : provider.type();
        String issuer = "github".equals(type) ? Text.withoutTrailingSlashes(provider.githubUrl()) : provider.issuer()
                .or(() -> Optional.ofNullable(WELL_KNOWN_ISSUERS.get(name)))
                .orElseThrow(() -> new IllegalStateException("gatehouse.oauth-providers." + name + ".issuer is required"));
        return new UpstreamProvider(name, "oauth", null, type, issuer, provider.clientId(),
                provider.clientSecret(), provider.scopes(), provider.tokenAuth(),
                Text.withoutTrailingSlashes(provider.githubUrl()), Text.withoutTrailingSlashes(provider.githubApiUrl()));
    }

    public UpstreamProvider forTenant(TenantSso tenant) {
        TenantSso.Connection c = tenant.connection();
        return new UpstreamProvider(tenant.id(), "oidc", tenant.id(), "oidc", c.oidcIssuer(), c.oidcClientId(),
                Optional.ofNullable(c.oidcClientSecret()), c.oidcScopes() == null ? "openid email profile" : c.oidcScopes(),
                "basic", null, null);
    }

    public Set<String> names() {
        return new TreeSet<>(config.oauthProviders().keySet());
    }
}
