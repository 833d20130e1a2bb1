package dev.gatehouse.auth.login;

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
    UpstreamLogins logins;

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
        return Map.of("url", logins.sso(tenant, redirectUrl, loginHint, forceAuthn));
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
