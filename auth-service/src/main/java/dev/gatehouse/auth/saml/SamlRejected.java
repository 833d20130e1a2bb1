package dev.gatehouse.auth.saml;

/** A SAML response that fails a check; the message is the precise reason, for the audit log. */
public class SamlRejected extends Exception {

    private final String error;

    public SamlRejected(String reason) {
        this("invalid_response", reason);
    }

    public SamlRejected(String error, String reason) {
        super(reason);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
