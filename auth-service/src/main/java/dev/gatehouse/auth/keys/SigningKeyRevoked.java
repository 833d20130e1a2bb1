package dev.gatehouse.auth.keys;

/**
 * Fired inside the revoking transaction, so that everything signed with the key ends with it: observers add how
 * many sessions they ended.
 */
public final class SigningKeyRevoked {

    private final String kid;
    private int sessionsEnded;

    SigningKeyRevoked(String kid) {
        this.kid = kid;
    }

    public String kid() {
        return kid;
    }

    public void ended(int sessions) {
        sessionsEnded += sessions;
    }

    int sessionsEnded() {
        return sessionsEnded;
    }
}
