package dev.gatehouse.auth.session;

import java.util.List;
import java.util.Set;

/** A session's sign-in methods ({@code amr}), stored comma-separated: the sign-in's, then any added by step-up. */
public final class LoginMethods {

    /**
     * Methods that are a second factor, whatever the first was: a TOTP code, or a passkey (possession of the
     * authenticator plus the user verification it requires).
     */
    private static final Set<String> SECOND_FACTORS = Set.of("totp", "webauthn");

    private LoginMethods() {
    }

    public static List<String> of(String amr) {
        return amr == null || amr.isEmpty() ? List.of() : List.of(amr.split(","));
    }

    public static boolean anySecondFactor(String amr) {
        return of(amr).stream().anyMatch(SECOND_FACTORS::contains);
    }
}
