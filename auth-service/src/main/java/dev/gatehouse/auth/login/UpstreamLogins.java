package dev.gatehouse.auth.login;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.oauth.ProviderRegistry;
import dev.gatehouse.auth.oauth.UpstreamClient;
import dev.gatehouse.auth.oauth.UpstreamProvider;
import dev.gatehouse.auth.saml.SamlLogin;
import dev.gatehouse.auth.tenants.TenantClient;
import dev.gatehouse.auth.tenants.TenantSso;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Starts a sign-in at an upstream provider and answers the URL to send the browser to; the login comes back to
 * {@code redirectUrl} with a one-time code ({@link LoginCompletion}). Both faces start logins here: the
 * seed-style API for apps, and the OpenID Provider's authorize endpoint. The caller has checked the redirect URL.
 */
@ApplicationScoped
public class UpstreamLogins {

    @Inject
    TenantClient tenantClient;

    @Inject
    ProviderRegistry providers;

    @Inject
    UpstreamClient upstream;

    @Inject
    SamlLogin samlLogin;

    @Inject
    LoginTransactions transactions;

    /** A social login (design.md §3) at the named provider. */
    public String social(String providerName, String redirectUrl, String loginHint) {
        UpstreamProvider provider = providers.social(providerName);
        LoginTransactions.Started started = transactions.start("oauth", provider.name(), null, redirectUrl, false);
        try {
            return upstream.authorizationUrl(provider, started.transaction(), started.state(), loginHint);
        } catch (LoginFailed e) {
            throw new ApiException(502, "E062102", "the provider " + provider.name() + " cannot be reached: " + e.getMessage());
        }
    }

    /** Enterprise SSO for a tenant id, or for an email address's tenant by its SSO domain (home-realm discovery). */
    public String sso(String tenant, String redirectUrl, String loginHint, boolean forceAuthn) {
        if (tenant == null || tenant.isBlank()) {
            throw ApiException.badRequest("E062201", "tenant is required: a tenant id or an email address");
        }
        TenantSso found = tenantClient.tenant(tenant.trim())
                .orElseThrow(() -> ApiException.notFound("E062202", tenant.contains("@")
                        ? "no tenant has the SSO domain of this email address" : "no tenant " + tenant));
        if (found.connection() == null) {
            throw ApiException.badRequest("E062203", "tenant " + found.id() + " has no SSO connection");
        }
        String hint = loginHint != null ? loginHint : tenant.contains("@") ? tenant.trim() : null;
        if ("saml".equals(found.connection().type())) {
            return samlLogin.start(found, redirectUrl, forceAuthn);
        }
        LoginTransactions.Started started = transactions.start("oidc", found.id(), found.id(), redirectUrl, false);
        try {
            return upstream.authorizationUrl(providers.forTenant(found), started.transaction(), started.state(), hint);
        } catch (LoginFailed e) {
            throw new ApiException(502, "E062204", "the tenant's identity provider cannot be reached: " + e.getMessage());
        }
    }
}
