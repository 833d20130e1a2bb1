package dev.gatehouse.auth.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The seed-style API's {@code loginOptions} (descope-api.md): with {@code stepup} or {@code mfa} and the session's
 * refresh JWT in the bearer, a sign-in method is added to that session instead of starting a new one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoginOptions(boolean stepup, boolean mfa) {

    public static boolean stepUp(LoginOptions options) {
        return options != null && (options.stepup() || options.mfa());
    }
}
