package dev.gatehouse.auth.passwordless;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.Emails;
import dev.gatehouse.auth.common.RateLimiter;
import dev.gatehouse.auth.common.RedirectAllowList;
import dev.gatehouse.auth.session.AuthSession;
import dev.gatehouse.auth.session.AuthSessions;
import dev.gatehouse.auth.session.JwtResponse;
import dev.gatehouse.auth.session.LoginOptions;
import dev.gatehouse.auth.session.ProjectBearer;
import dev.gatehouse.auth.session.Sessions;
import dev.gatehouse.auth.tenants.TenantClient;
import dev.gatehouse.auth.tenants.TenantServiceApi;
import dev.gatehouse.auth.tenants.UserDirectory;
import dev.gatehouse.auth.tenants.UserProfile;
import dev.gatehouse.auth.tokens.TokenVerifier;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sign-in by email on the Descope wire (descope-api.md, "More sign-in methods"): a one-time code or a magic link.
 * Sign-in, sign-up and sign-up-or-in behave alike: whether an address has an account is never told (the user is
 * created when the mail is proven, not when it is sent). {@code loginOptions.stepup} or {@code mfa} with a
 * refresh JWT in the bearer adds the method to that session instead of starting one.
 */
@Path("/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class EmailSignInResource {

    @Inject
    EmailChallenges challenges;

    @Inject
    SignInMail mail;

    @Inject
    Sessions sessions;

    @Inject
    AuthSessions authSessions;

    @Inject
    TenantClient tenantClient;

    @Inject
    UserDirectory directory;

    @Inject
    RedirectAllowList allowList;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    /** Sign-in, sign-up and sign-up-or-in alike: an address with or without an account gets a code (no enumeration). */
    @POST
    @Path("/otp/{mode: signup-in|signin|signup}/email")
    @Operation(summary = "Mail a one-time sign-in code (signin, signup and signup-in behave alike)")
    public Masked otpSignUpOrIn(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, StartBody body) {
        String email = startable(authorization, body);
        EmailChallenges.Issued issued = challenges.newCode(email, stepUpSession(authorization, body, email));
        mail.sendCode(email, issued.secret(), (int) config.email().codeTtl().toMinutes());
        return Masked.of(email);
    }

    @POST
    @Path("/otp/verify/email")
    @Operation(summary = "Verify a mailed code: the session (or, for a step-up, the session with the method added)")
    public JwtResponse otpVerify(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, CodeBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        rateLimiter.checkClient("exchange", config.rateLimit().exchangePerMinute());
        String email = address(body == null ? null : body.loginId());
        return complete(challenges.useCode(email, body.code()), EmailChallenge.OTP, authorization);
    }

    /** As {@link #otpSignUpOrIn}: one answer with or without an account. */
    @POST
    @Path("/magiclink/{mode: signup-in|signin|signup}/email")
    @Operation(summary = "Mail a magic link to URI?t=<token> (signin, signup and signup-in behave alike); URI must be on the redirect allow-list")
    public Masked linkSignUpOrIn(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, StartBody body) {
        String email = startable(authorization, body);
        String uri = allowList.require(body.uri());
        EmailChallenges.Issued issued = challenges.newLink(email, stepUpSession(authorization, body, email));
        String link = uri + (uri.contains("?") ? "&" : "?") + "t=" + issued.secret();
        mail.sendLink(email, link, (int) config.email().linkTtl().toMinutes());
        return Masked.of(email);
    }

    @POST
    @Path("/magiclink/verify")
    @Operation(summary = "Verify a magic-link token: the session (or the step-up)")
    public JwtResponse linkVerify(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, TokenBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        rateLimiter.checkClient("exchange", config.rateLimit().exchangePerMinute());
        return complete(challenges.useLink(body == null ? null : body.token()), EmailChallenge.MAGIC_LINK, authorization);
    }

    /** Checks everything before a mail goes out; answers the normalised address. */
    private String startable(String authorization, StartBody body) {
        ProjectBearer.requireProject(authorization, config.projectId());
        String email = address(body == null ? null : body.loginId());
        rateLimiter.checkClient("email", config.rateLimit().emailPerMinute());
        rateLimiter.check("email-address", email, config.email().perAddressPerMinute());
        tenantClient.tenant(email).filter(tenant -> tenant.ssoRequired()).ifPresent(tenant -> {
            throw ApiException.forbidden("E063005", "addresses of " + email.substring(email.indexOf('@') + 1)
                    + " sign in through their company's SSO: POST /v1/auth/sso/authorize?tenant=<email address>");
        });
        return email;
    }

    /** For a step-up, the session of the bearer's refresh JWT, whose user must own the address. */
    private String stepUpSession(String authorization, StartBody body, String email) {
        if (!LoginOptions.stepUp(body.loginOptions())) {
            return null;
        }
        String refreshJwt = ProjectBearer.optionalRefreshJwt(authorization, config.projectId());
        if (refreshJwt == null) {
            throw ApiException.unauthorized("E063006", "a step-up needs the session: Authorization: Bearer <projectId>:<refreshJwt>");
        }
        TokenVerifier.VerifiedToken token = sessions.currentToken(refreshJwt);
        UserProfile user = directory.user(token.userId()).orElseThrow(() -> ApiException.unauthorized("E061102", "the user no longer exists"));
        if (user.email() == null || !user.email().equalsIgnoreCase(email)) {
            throw ApiException.badRequest("E063007", "a step-up is proven with the signed-in user's own address");
        }
        return token.sessionId();
    }

    private JwtResponse complete(EmailChallenge challenge, String method, String authorization) {
        Instant now = Instant.now(clock);
        if (challenge.stepUpSessionId != null) {
            AuthSession session = authSessions.find(challenge.stepUpSessionId).orElse(null);
            UserProfile user = session == null ? null : directory.user(session.userId).orElse(null);
            if (user == null || user.email() == null || !user.email().equalsIgnoreCase(challenge.email)) {
                throw ApiException.unauthorized("E061101", "the session of this step-up has ended");
            }
            return JwtResponse.of(sessions.addMethod(session.id, session.userId, method,
                    ProjectBearer.optionalRefreshJwt(authorization, config.projectId())), now);
        }
        TenantServiceApi.ProvisionResult result = tenantClient.provision(new TenantServiceApi.ExternalLogin("gatehouse:email",
                challenge.email, "email", "email", null, null, challenge.email, true, null, null, null, List.of()));
        directory.remember(result.user(), now);
        Sessions.IssuedTokens tokens = QuarkusTransaction.requiringNew().call(() ->
                sessions.start(result.user().userId(), null, method, null, result.firstSeen()));
        return JwtResponse.of(tokens, now);
    }

    private static String address(String loginId) {
        String email = loginId == null ? "" : loginId.trim().toLowerCase(Locale.ROOT);
        if (!Emails.isDeliverable(email)) {
            throw ApiException.badRequest("E063001", "loginId must be an email address");
        }
        return email;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StartBody(String loginId, @JsonProperty("URI") @JsonAlias("uri") String uri, LoginOptions loginOptions) {
    }


    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CodeBody(String loginId, String code) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenBody(String token) {
    }

    /** What the Descope SDKs read: the address, masked ({@code a***@example.com}). */
    public record Masked(String maskedEmail) {
        static Masked of(String email) {
            int at = email.indexOf('@');
            return new Masked(email.charAt(0) + "***" + email.substring(at));
        }
    }
}
