package dev.gatehouse.auth.oauth;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.login.LoginStartGate;
import dev.gatehouse.auth.login.LoginFailed;
import dev.gatehouse.auth.login.LoginTransactions;
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

/** Social login start (design.md §3): answers the provider URL, with state, nonce and PKCE S256. */
@Path("/v1/auth")
public class OAuthLoginResource {

    @Inject
    ProviderRegistry providers;

    @Inject
    UpstreamClient upstream;

    @Inject
    LoginTransactions transactions;

    @Inject
    LoginStartGate gate;

    @POST
    @Path("/oauth/authorize")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a social login; answers the provider URL to send the browser to")
    public Map<String, String> authorize(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @QueryParam("provider") String providerName,
                                         @QueryParam("redirectURL") String redirectUrl,
                                         @QueryParam("loginHint") String loginHint) {
        gate.check(authorization, redirectUrl);
        UpstreamProvider provider = providers.social(providerName);
        LoginTransactions.Started started = transactions.start("oauth", provider.name(), null, redirectUrl, false);
        try {
            return Map.of("url", upstream.authorizationUrl(provider, started.transaction(), started.state(), loginHint));
        } catch (LoginFailed e) {
            throw new ApiException(502, "E062102", "the provider " + provider.name() + " cannot be reached: " + e.getMessage());
        }
    }
}
