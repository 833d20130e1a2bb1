package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The rows of {@code authorization_request}: authorize requests waiting for their upstream sign-in. */
@ApplicationScoped
class AuthorizationRequests {

    @Inject
    DataSource dataSource;

    void insert(AuthorizationRequest request) {
        Jdbc.write(dataSource, "store an authorization request", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into authorization_request (id, binding_hash, client_id, redirect_uri, response_mode, state, nonce,
                        scope, code_challenge, login_hint, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, request.id);
                insert.setString(2, request.bindingHash);
                insert.setString(3, request.clientId);
                insert.setString(4, request.redirectUri);
                insert.setString(5, request.responseMode);
                insert.setString(6, request.state);
                insert.setString(7, request.nonce);
                insert.setString(8, request.scope);
                insert.setString(9, request.codeChallenge);
                insert.setString(10, request.loginHint);
                insert.setTimestamp(11, Timestamp.from(request.createdAt));
                insert.setTimestamp(12, Timestamp.from(request.expiresAt));
                return insert.executeUpdate();
            }
        });
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
        Jdbc.write(dataSource, "use an authorization request", connection -> {
            try (PreparedStatement update = connection.prepareStatement("update authorization_request set used_at = ? where id = ?")) {
                update.setTimestamp(1, Timestamp.from(at));
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
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
