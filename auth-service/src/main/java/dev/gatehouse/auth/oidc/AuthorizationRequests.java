package dev.gatehouse.auth.oidc;

import dev.gatehouse.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The rows of {@code authorization_request}: authorize requests waiting for their upstream sign-in. */
@ApplicationScoped
class AuthorizationRequests {

    @Inject
    DataSource dataSource;

    void insert(AuthorizationRequest request) {
        Jdbc.update(dataSource, "store an authorization request", """
                    insert into authorization_request (id, binding_hash, client_id, redirect_uri, response_mode, state, nonce,
                        scope, code_challenge, login_hint, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                request.id, request.bindingHash, request.clientId, request.redirectUri, request.responseMode,
                request.state, request.nonce, request.scope, request.codeChallenge, request.loginHint,
                request.createdAt, request.expiresAt);
    }

    /** The request of this id, its row locked until the caller's transaction ends when {@code lock}; null if none. */
    AuthorizationRequest find(String id, boolean lock) {
        return Jdbc.queryOne(dataSource, "an authorization request", """
                select id, binding_hash, client_id, redirect_uri, response_mode, state, nonce, scope, code_challenge,
                       login_hint, created_at, expires_at, used_at
                from authorization_request where id = ?""" + (lock ? " for update" : ""),
                select -> select.setString(1, id), AuthorizationRequests::request).orElse(null);
    }

    void markUsed(String id, Instant at) {
        Jdbc.update(dataSource, "use an authorization request", "update authorization_request set used_at = ? where id = ?",
                at, id);
    }

    private static AuthorizationRequest request(ResultSet row) throws SQLException {
        AuthorizationRequest request = new AuthorizationRequest();
        request.id = row.getString(1);
        request.bindingHash = row.getString(2);
        request.clientId = row.getString(3);
        request.redirectUri = row.getString(4);
        request.responseMode = row.getString(5);
        request.state = row.getString(6);
        request.nonce = row.getString(7);
        request.scope = row.getString(8);
        request.codeChallenge = row.getString(9);
        request.loginHint = row.getString(10);
        request.createdAt = Jdbc.instant(row.getTimestamp(11));
        request.expiresAt = Jdbc.instant(row.getTimestamp(12));
        request.usedAt = Jdbc.instant(row.getTimestamp(13));
        return request;
    }
}
