package dev.gatehouse.auth.keys;

import java.sql.Connection;

/**
 * Fired inside the revoking transaction, so that everything signed with the key ends with it: observers make their
 * changes on {@link #connection()} (that transaction's) and add how many sessions they ended.
 */
public final class SigningKeyRevoked {

    private final String kid;
    private final Connection connection;
    private int sessionsEnded;

    SigningKeyRevoked(String kid, Connection connection) {
        this.kid = kid;
        this.connection = connection;
    }

    public String kid() {
        return kid;
    }

    public Connection connection() {
        return connection;
    }

    public void ended(int sessions) {
        sessionsEnded += sessions;
    }

    int sessionsEnded() {
        return sessionsEnded;
    }
}
