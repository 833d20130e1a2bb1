package dev.gatehouse.auth.session;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.tenants.UserDirectory;
import dev.gatehouse.auth.tenants.UserProfile;
import dev.gatehouse.auth.tokens.TokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The caller of a call that needs a signed-in session (factor enrolment, step-up): the session of the refresh JWT
 * in {@code Authorization: Bearer <projectId>:<refreshJwt>} and its user, who must own the {@code loginId} the call
 * names. Error codes are the calling method's ({@code <prefix>001} no session, {@code 003} another user's login id,
 * {@code 004} no email address to name a factor by).
 */
@ApplicationScoped
public class SignedInCaller {

    @Inject
    Sessions sessions;

    @Inject
    AuthSessions authSessions;

    @Inject
    UserDirectory directory;

    @Inject
    AuthConfig config;

    public record Signed(TokenVerifier.VerifiedToken token, UserProfile user, String refreshJwt, String amr) {

        /** Whether this session has proved a second factor (changing one's factors then needs one). */
        public boolean hasSecondFactor() {
            return LoginMethods.anySecondFactor(amr);
        }
    }

    public Signed require(String authorization, String loginId, String errorPrefix, String what) {
        String refreshJwt = ProjectBearer.optionalRefreshJwt(authorization, config.projectId());
        if (refreshJwt == null) {
            throw ApiException.unauthorized(errorPrefix + "001", what + " in a signed-in session: "
                    + "Authorization: Bearer <projectId>:<refreshJwt>");
        }
        TokenVerifier.VerifiedToken token = sessions.currentToken(refreshJwt);
        UserProfile user = directory.user(token.userId())
                .orElseThrow(() -> ApiException.unauthorized("E061102", "the user no longer exists"));
        if (loginId != null && !loginId.isEmpty() && !loginId.equalsIgnoreCase(user.email()) && !loginId.equals(user.userId())) {
            throw ApiException.badRequest(errorPrefix + "003", "loginId is not the signed-in user's");
        }
        if (user.email() == null) {
            throw ApiException.badRequest(errorPrefix + "004", "the signed-in user has no email address to name the factor by");
        }
        AuthSession session = authSessions.find(token.sessionId()).orElse(null);
        return new Signed(token, user, refreshJwt, session == null ? "" : session.amr);
    }
}
