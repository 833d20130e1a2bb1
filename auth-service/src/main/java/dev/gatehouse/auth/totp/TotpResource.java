package dev.gatehouse.auth.totp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.RateLimiter;
import dev.gatehouse.auth.mfa.SecondFactors;
import dev.gatehouse.auth.session.JwtResponse;
import dev.gatehouse.auth.session.LoginOptions;
import dev.gatehouse.auth.session.ProjectBearer;
import dev.gatehouse.auth.session.Sessions;
import dev.gatehouse.auth.session.SignedInCaller;
import dev.gatehouse.auth.tenants.AuditTrail;
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

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * TOTP on the Descope wire (descope-api.md, "More sign-in methods"). Enrolment ({@code signup}, {@code update})
 * adds the factor to the account of a signed-in session: a TOTP-only account would belong to an address nobody
 * proved. {@code verify} signs in by login id and code, or, with {@code loginOptions.stepup}/{@code mfa} and the
 * session's refresh JWT, adds {@code totp} to that session's {@code amr}.
 */
@Path("/v1/auth/totp")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class TotpResource {

    @Inject
    TotpFactors factors;

    @Inject
    Sessions sessions;

    @Inject
    SignedInCaller signedInCaller;

    @Inject
    SecondFactors secondFactors;

    @Inject
    TenantClient tenantClient;

    @Inject
    AuditTrail audit;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    @POST
    @Path("/signup")
    @Operation(summary = "Enrol TOTP for the signed-in user (refresh bearer): otpauth URL, QR PNG, key, recovery codes")
    public TotpFactors.Enrolment signUp(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, EnrolBody body) {
        return enrol(authorization, body);
    }

    @POST
    @Path("/update")
    @Operation(summary = "Replace the signed-in user's TOTP secret (refresh bearer); the old one and its recovery codes end")
    public TotpFactors.Enrolment update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, EnrolBody body) {
        return enrol(authorization, body);
    }

    @POST
    @Path("/verify")
    @Operation(summary = "Sign in with a TOTP or recovery code, or step up the bearer's session with one")
    public JwtResponse verify(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, VerifyBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        if (body == null || body.code() == null) {
            throw ApiException.badRequest("E064005", "loginId and code are required");
        }
        String loginId = body.loginId() == null ? "" : body.loginId().trim().toLowerCase(Locale.ROOT);
        rateLimiter.checkClient("exchange", config.rateLimit().exchangePerMinute());
        rateLimiter.check("totp", loginId, 10);
        Instant now = Instant.now(clock);
        if (LoginOptions.stepUp(body.loginOptions())) {
            SignedInCaller.Signed signed = signedIn(authorization, loginId);
            check(signed.user().userId(), body.code());
            return JwtResponse.of(sessions.addMethod(signed.token().sessionId(), signed.user().userId(), "totp",
                    signed.refreshJwt()), now);
        }
        // Unknown login id, no factor, wrong or reused code, lockout: one answer, so none of them is told apart.
        UserProfile user = tenantClient.userByLoginId(loginId).orElseThrow(TotpResource::refused);
        check(user.userId(), body.code());
        Sessions.IssuedTokens tokens = QuarkusTransaction.requiringNew().call(() ->
                sessions.start(user.userId(), null, "totp", null, false));
        return JwtResponse.of(tokens, now);
    }

    private TotpFactors.Enrolment enrol(String authorization, EnrolBody body) {
        SignedInCaller.Signed signed = signedIn(authorization, body == null || body.loginId() == null ? "" : body.loginId().trim().toLowerCase(Locale.ROOT));
        secondFactors.requireMayChange(signed, "E064006");
        TotpFactors.Enrolment enrolment = factors.enrol(signed.user().userId(), signed.user().email());
        audit.record("user:" + signed.user().userId(), "totp.enrol", null, signed.token().sessionId(), null);
        return enrolment;
    }

    private void check(String userId, String code) {
        TotpFactors.Outcome outcome = factors.verify(userId, code);
        if (outcome == TotpFactors.Outcome.RECOVERY_CODE) {
            audit.record("user:" + userId, "totp.recovery-code-used", null, userId, "a recovery code was used");
        } else if (outcome != TotpFactors.Outcome.ACCEPTED) {
            if (outcome == TotpFactors.Outcome.LOCKED) {
                audit.record("user:" + userId, "totp.failure", null, userId, "locked after repeated wrong codes");
            }
            throw refused();
        }
    }

    private SignedInCaller.Signed signedIn(String authorization, String loginId) {
        return signedInCaller.require(authorization, loginId, "E064", "TOTP is enrolled and stepped up");
    }

    private static ApiException refused() {
        return ApiException.unauthorized("E064002",
                "the code is wrong, already used or expired, or there were too many wrong codes: wait 15 minutes");
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EnrolBody(String loginId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VerifyBody(String loginId, String code, LoginOptions loginOptions) {
    }

}
