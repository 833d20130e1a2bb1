package dev.gatehouse.auth.login;

/**
 * A login that cannot complete. The browser goes back to the app with {@code error} and a plain
 * {@code error_description}; {@code auditReason} is the precise cause, for the audit log only.
 */
public class LoginFailed extends RuntimeException {

    private final String error;
    private final String auditReason;

    public LoginFailed(String error, String description, String auditReason) {
        super(description);
        this.error = error;
        this.auditReason = auditReason;
    }

    public String error() {
        return error;
    }

    public String auditReason() {
        return auditReason;
    }

    public static LoginFailed invalidResponse(String auditReason) {
        return new LoginFailed("invalid_response", "the identity provider's answer could not be verified", auditReason);
    }
}
