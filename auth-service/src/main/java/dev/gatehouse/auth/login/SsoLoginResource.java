package dev.gatehouse.auth.login;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.oauth.ProviderRegistry;
import dev.gatehouse.auth.oauth.UpstreamClient;
import dev.gatehouse.auth.saml.SamlLogin;
import dev.gatehouse.auth.tenants.TenantClient;
import dev.gatehouse.auth.tenants.TenantSso;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/**
 * Enterprise SSO start (design.md §3): the tenant is given by id or found from an email address's SSO
 * domain (home-realm discovery); its connection decides SAML or OIDC.
 */
@Path("/v1/auth")
public class SsoLoginResource {

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

    @Inject
    LoginStartGate gate;

    @POST
    @Path("/sso/authorize")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start an enterprise SSO login for a tenant id or an email address")
    public Map<String, String> sso(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @QueryParam("tenant") String tenant, @QueryParam("redirectURL") String redirectUrl,
                                   @QueryParam("loginHint") String loginHint, @QueryParam("forceAuthn") boolean forceAuthn) {
        gate.check(authorization, redirectUrl);
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
            return Map.of("url", samlLogin.start(found, redirectUrl, forceAuthn));
        }
        LoginTransactions.Started started = transactions.start("oidc", found.id(), found.id(), redirectUrl, false);
        try {
            return Map.of("url", upstream.authorizationUrl(providers.forTenant(found), started.transaction(), started.state(), hint));
        } catch (LoginFailed e) {
            throw new ApiException(502, "E062204", "the tenant's identity provider cannot be reached: " + e.getMessage());
        }
    }

    @POST
    @Path("/saml/authorize")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Alias of /v1/auth/sso/authorize, as the Descope JS SDK calls it")
    public Map<String, String> saml(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    @QueryParam("tenant") String tenant, @QueryParam("redirectURL") String redirectUrl,
                                    @QueryParam("loginHint") String loginHint, @QueryParam("forceAuthn") boolean forceAuthn) {
        return sso(authorization, tenant, redirectUrl, loginHint, forceAuthn);
    }
}
