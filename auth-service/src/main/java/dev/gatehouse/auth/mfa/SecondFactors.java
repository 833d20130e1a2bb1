package dev.gatehouse.auth.mfa;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.passkeys.Passkeys;
import dev.gatehouse.auth.session.SessionList;
import dev.gatehouse.auth.session.SignedInCaller;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.totp.TotpFactors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A user's second factors, whatever their kind (TOTP, passkeys). The rule for changing them: the first one may be
 * enrolled from any signed-in session, but once a user has one, adding or replacing a factor needs a session that
 * proved one. Otherwise a stolen single-factor session could enrol the thief's own factor and pass every tenant's
 * second-factor policy with it.
 */
@ApplicationScoped
public class SecondFactors {

    @Inject
    TotpFactors totp;

    @Inject
    Passkeys passkeys;

    @Inject
    AuditTrail audit;

    @Inject
    SessionList sessionList;

    /** What a user has enrolled, for admins: never the secrets, only whether and how many. */
    public record Enrolled(boolean totp, int passkeys) {
    }

    /** What a reset removed, and how many sessions it ended. */
    public record Reset(boolean totpRemoved, long passkeysRemoved, long sessionsEnded) {
    }

    public Enrolled enrolled(String userId) {
        return new Enrolled(totp.enrolled(userId), passkeys.of(userId).size());
    }

    /**
     * Removes every second factor of the user (an admin's answer to a lost phone or key) and ends all their
     * sessions: whoever holds the lost device may also hold a session. The user enrols again at the next sign-in.
     */
    public Reset reset(String userId) {
        boolean totpRemoved = totp.remove(userId);
        long passkeysRemoved = passkeys.removeAll(userId);
        long ended = sessionList.endAll(userId, null, "factors-reset");
        audit.record("internal", "user.factors.reset", null, userId, "totp " + totpRemoved + ", passkeys " + passkeysRemoved
                + ", sessions ended " + ended);
        return new Reset(totpRemoved, passkeysRemoved, ended);
    }

    public boolean any(String userId) {
        return totp.enrolled(userId) || passkeys.any(userId);
    }

    public void requireMayChange(SignedInCaller.Signed signed, String errorCode) {
        if (any(signed.user().userId()) && !signed.hasSecondFactor()) {
            throw ApiException.forbidden(errorCode, "this account already has a second factor: confirm it in this "
                    + "session first (loginOptions.stepup with TOTP or a passkey), then change factors");
        }
    }
}
