package dev.gatehouse.auth.passkeys;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.RateLimiter;
import dev.gatehouse.auth.mfa.SecondFactors;
import dev.gatehouse.auth.session.JwtResponse;
import dev.gatehouse.auth.session.LoginOptions;
import dev.gatehouse.auth.session.ProjectBearer;
import dev.gatehouse.auth.session.Sessions;
import dev.gatehouse.auth.session.SignedInCaller;
import dev.gatehouse.auth.tenants.TenantClient;
import dev.gatehouse.auth.tenants.UserProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Passkeys on the Descope wire (descope-api.md, "More sign-in methods"). A passkey is added to the account of a
 * signed-in session ({@code signup} and {@code update} alike, refresh bearer): an account created by a passkey alone
 * would belong to an address nobody proved. {@code signin} signs in with one, or, with {@code loginOptions.stepup}
 * or {@code mfa} and the session's refresh JWT, adds {@code webauthn} to that session's {@code amr}.
 */
@Path("/v1/auth/webauthn")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PasskeyResource {

    @Inject
    Passkeys passkeys;

    @Inject
    RelyingParty relyingParty;

    @Inject
    Sessions sessions;

    @Inject
    SignedInCaller signedInCaller;

    @Inject
    SecondFactors secondFactors;

    @Inject
    TenantClient tenantClient;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    @POST
    @Path("/signup/start")
    @Operation(summary = "Start adding a passkey to the signed-in user (refresh bearer): creation options")
    public StartAnswer signUpStart(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, StartBody body) {
        return registration(authorization, body);
    }

    @POST
    @Path("/update/start")
    @Operation(summary = "Start adding a passkey to the signed-in user (refresh bearer): creation options")
    public StartAnswer updateStart(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, StartBody body) {
        return registration(authorization, body);
    }

    @POST
    @Path("/signup/finish")
    @Operation(summary = "Finish adding a passkey with the browser's registration response")
    public Map<String, Object> signUpFinish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, FinishBody body) {
        return finishRegistration(authorization, body);
    }

    @POST
    @Path("/update/finish")
    @Operation(summary = "Finish adding a passkey with the browser's registration response")
    public Map<String, Object> updateFinish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, FinishBody body) {
        return finishRegistration(authorization, body);
    }

    @POST
    @Path("/signin/start")
    @Operation(summary = "Start a passkey sign-in (or step-up with loginOptions and the refresh bearer): request options")
    public StartAnswer signInStart(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, StartBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        rateLimiter.checkClient("exchange", config.rateLimit().exchangePerMinute());
        requireOrigin(body);
        String loginId = loginId(body);
        if (LoginOptions.stepUp(body.loginOptions())) {
            SignedInCaller.Signed signed = signedInCaller.require(authorization, loginId, "E065", "a passkey steps up");
            return StartAnswer.of(passkeys.startAuthentication(signed.user().email(), signed.user().userId(),
                    signed.token().sessionId()), null);
        }
        String userId = loginId == null ? null : tenantClient.userByLoginId(loginId).map(UserProfile::userId).orElse(null);
        return StartAnswer.of(passkeys.startAuthentication(loginId, userId, null), null);
    }

    @POST
    @Path("/signup-in/start")
    @Operation(summary = "Sign in with a passkey if the login id has one, else start adding one to the signed-in user")
    public StartAnswer signUpOrInStart(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, StartBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        requireOrigin(body);
        String loginId = loginId(body);
        String userId = loginId == null ? null : tenantClient.userByLoginId(loginId).map(UserProfile::userId).orElse(null);
        if (userId != null && passkeys.any(userId)) {
            rateLimiter.checkClient("exchange", config.rateLimit().exchangePerMinute());
            return StartAnswer.of(passkeys.startAuthentication(loginId, userId, null), false);
        }
        StartAnswer registration = registration(authorization, body);
        return new StartAnswer(registration.transactionId(), registration.options(), true);
    }

    @POST
    @Path("/signin/finish")
    @Operation(summary = "Finish a passkey sign-in or step-up with the browser's assertion: the JWT response")
    public JwtResponse signInFinish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, FinishBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        rateLimiter.checkClient("exchange", config.rateLimit().exchangePerMinute());
        Passkeys.Proved proved = passkeys.finishAuthentication(body == null ? null : body.transactionId(), response(body));
        Instant now = Instant.now(clock);
        if (proved.sessionId() != null) {
            return JwtResponse.of(sessions.addMethod(proved.sessionId(), proved.userId(), "webauthn",
                    ProjectBearer.optionalRefreshJwt(authorization, config.projectId())), now);
        }
        Sessions.IssuedTokens tokens = QuarkusTransaction.requiringNew().call(() ->
                sessions.start(proved.userId(), null, "webauthn", null, false));
        return JwtResponse.of(tokens, now);
    }

    private StartAnswer registration(String authorization, StartBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        requireOrigin(body);
        SignedInCaller.Signed signed = signedInCaller.require(authorization, loginId(body), "E065",
                "Passkeys are added to an account");
        secondFactors.requireMayChange(signed, "E065008");
        return StartAnswer.of(passkeys.startRegistration(signed.user(), signed.token().sessionId()), null);
    }

    private Map<String, Object> finishRegistration(String authorization, FinishBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        SignedInCaller.Signed signed = signedInCaller.require(authorization, null, "E065", "Passkeys are added to an account");
        passkeys.finishRegistration(body == null ? null : body.transactionId(), response(body), signed.token().sessionId());
        return Map.of();
    }

    private void requireOrigin(StartBody body) {
        if (body == null || !relyingParty.allows(body.origin())) {
            throw ApiException.badRequest("E065009", "origin must be one of the pages allowed to use passkeys: "
                    + String.join(", ", relyingParty.origins()));
        }
    }

    private static String loginId(StartBody body) {
        return body.loginId() == null || body.loginId().isBlank() ? null : body.loginId().trim().toLowerCase(Locale.ROOT);
    }

    /** The browser's credential as JSON: a JSON string (Descope's SDKs) or the object itself. */
    private static String response(FinishBody body) {
        if (body == null || body.response() == null || body.response().isNull()) {
            throw ApiException.badRequest("E065004", "transactionId and response are required");
        }
        return body.response().isTextual() ? body.response().asText() : body.response().toString();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StartBody(String loginId, String origin, LoginOptions loginOptions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FinishBody(String transactionId,
                             @Schema(type = SchemaType.OBJECT, description = "the credential as the browser's WebAuthn"
                                     + " call gave it, or that object as a JSON string") JsonNode response) {
    }

    /** {@code create} only on sign-up-or-in: whether the options create a passkey (true) or use one (false). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StartAnswer(String transactionId, String options, Boolean create) {

        static StartAnswer of(Passkeys.Started started, Boolean create) {
            return new StartAnswer(started.transactionId(), started.options(), create);
        }
    }
}
