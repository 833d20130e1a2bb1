package dev.gatehouse.ui.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.Map;

/** auth-service's seed-style API, as the seed app called it through the Descope SDK. */
@RegisterRestClient(configKey = "auth-service")
@RegisterClientHeaders(VisitorAddress.class)
@Path("/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
public interface AuthApi {

    @POST
    @Path("/oauth/authorize")
    Map<String, String> oauthStart(@HeaderParam("Authorization") String bearer, @QueryParam("provider") String provider,
                                   @QueryParam("redirectURL") String redirectUrl, Map<String, Object> options);

    @POST
    @Path("/sso/authorize")
    Map<String, String> ssoStart(@HeaderParam("Authorization") String bearer, @QueryParam("tenant") String tenant,
                                 @QueryParam("redirectURL") String redirectUrl, Map<String, Object> options);

    @POST
    @Path("/oauth/exchange")
    Tokens exchange(@HeaderParam("Authorization") String bearer, Map<String, String> code);

    @POST
    @Path("/otp/signup-in/email")
    Map<String, String> otpStart(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

    @POST
    @Path("/otp/verify/email")
    Tokens otpVerify(@HeaderParam("Authorization") String bearer, Map<String, String> body);

    @POST
    @Path("/magiclink/signup-in/email")
    Map<String, String> linkStart(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

    @POST
    @Path("/magiclink/verify")
    Tokens linkVerify(@HeaderParam("Authorization") String bearer, Map<String, String> body);

    @POST
    @Path("/totp/update")
    Map<String, Object> totpEnrol(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

    @POST
    @Path("/totp/verify")
    Tokens totpVerify(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

    @POST
    @Path("/webauthn/update/start")
    Map<String, Object> passkeyAddStart(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

    @POST
    @Path("/webauthn/update/finish")
    Map<String, Object> passkeyAddFinish(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

    @POST
    @Path("/webauthn/signin/start")
    Map<String, Object> passkeySignInStart(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

    @POST
    @Path("/webauthn/signin/finish")
    Tokens passkeySignInFinish(@HeaderParam("Authorization") String bearer, Map<String, Object> body);

    @GET
    @Path("/sessions")
    Map<String, Object> sessions(@HeaderParam("Authorization") String bearer);

    @DELETE
    @Path("/sessions/{sessionId}")
    Map<String, Object> endSession(@HeaderParam("Authorization") String bearer, @PathParam("sessionId") String sessionId);

    @POST
    @Path("/sessions/others/revoke")
    Map<String, Object> endOtherSessions(@HeaderParam("Authorization") String bearer, Map<String, Object> empty);

    @POST
    @Path("/refresh")
    Tokens refresh(@HeaderParam("Authorization") String bearer, Map<String, Object> empty);

    @POST
    @Path("/tenant/select")
    Tokens selectTenant(@HeaderParam("Authorization") String bearer, Map<String, String> tenant);

    @POST
    @Path("/logout")
    Map<String, Object> logout(@HeaderParam("Authorization") String bearer, Map<String, Object> empty);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Tokens(String sessionJwt, String refreshJwt, long cookieMaxAge) {
    }
}
