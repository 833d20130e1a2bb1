package dev.gatehouse.auth.oauth;

import dev.gatehouse.auth.login.LoginStartGate;
import dev.gatehouse.auth.login.UpstreamLogins;
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
    UpstreamLogins logins;

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
        return Map.of("url", logins.social(providerName, redirectUrl, loginHint));
    }
}
