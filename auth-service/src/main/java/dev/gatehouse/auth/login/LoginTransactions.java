package dev.gatehouse.auth.login;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.common.Secrets;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Logins in flight, in PostgreSQL so any replica can finish what another started. {@code state} and
 * {@code nonce} are single use (OAuth 2.0 Security BCP §4.7, OIDC Core §3.1.2.1); PKCE uses S256 (RFC 7636).
 */
@ApplicationScoped
public class LoginTransactions {

    @Inject
    Clock clock;

    @Inject
    AuthConfig config;

    @Inject
    DataSource dataSource;

    public Started start(String kind, String provider, String tenantId, String redirectUrl, boolean withSamlRequestId) {
        String state = Secrets.newSecret();
        LoginTransaction tx = new LoginTransaction();
        tx.stateHash = Secrets.sha256(state);
        tx.kind = kind;
        tx.provider = provider;
        tx.tenantId = tenantId;
        tx.redirectUrl = redirectUrl;
        tx.nonce = Secrets.newSecret();
        tx.codeVerifier = Secrets.newSecret() + Secrets.newSecret();
        // SAML IDs must be xsd:ID (NCName): start with a letter or underscore.
        tx.samlRequestId = withSamlRequestId ? "_" + Secrets.newId("r") : null;
        tx.createdAt = Instant.now(clock);
        tx.expiresAt = tx.createdAt.plus(config.login().transactionTtl());
        Jdbc.update(dataSource, "start a login", """
                    insert into login_transaction (state_hash, kind, provider, tenant_id, redirect_url, nonce, code_verifier,
                        saml_request_id, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                tx.stateHash, tx.kind, tx.provider, tx.tenantId, tx.redirectUrl, tx.nonce, tx.codeVerifier,
                tx.samlRequestId, tx.createdAt, tx.expiresAt);
        return new Started(state, tx);
    }

    /**
     * The transaction of this state, marked used. Empty when unknown, already used or expired: the caller
     * cannot tell these apart from outside, and must not proceed in any of them.
     */
    @Transactional
    public Optional<LoginTransaction> consume(String state) {
        return consume(state, tx -> true);
    }

    /**
     * As {@link #consume(String)}, but only a transaction that {@code belongsHere}: a response posted to the
     * wrong endpoint or tenant must not spend the login of the tenant it names.
     */
    @Transactional
    public Optional<LoginTransaction> consume(String state, Predicate<LoginTransaction> belongsHere) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return Optional.empty();
        }
        Instant now = Instant.now(clock);
        return Jdbc.write(dataSource, "consume a login", connection -> {
            LoginTransaction tx = find(connection, Secrets.sha256(state), " for update");
            if (tx == null || tx.usedAt != null || !now.isBefore(tx.expiresAt) || !belongsHere.test(tx)) {
                return Optional.empty();
            }
            try (PreparedStatement use = connection.prepareStatement(
                    "update login_transaction set used_at = ? where state_hash = ?")) {
                use.setTimestamp(1, Timestamp.from(now));
                use.setString(2, tx.stateHash);
                use.executeUpdate();
            }
            tx.usedAt = now;
            return Optional.of(tx);
        });
    }

    /** Reads a transaction without consuming it, to know where to send the browser back with an error. */
    public Optional<LoginTransaction> peek(String state) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return Optional.empty();
        }
        return Optional.ofNullable(Jdbc.read(dataSource, "a login", connection -> find(connection, Secrets.sha256(state), "")));
    }

    @Scheduled(every = "10m", delayed = "2m")
    void purgeExpired() {
        Jdbc.update(dataSource, "purge expired logins", "delete from login_transaction where expires_at < ?",
                Instant.now(clock).minusSeconds(3600));
    }

    /** The login of this state hash ({@code lock} a locking clause, or empty); null when there is none. */
    private static LoginTransaction find(Connection connection, String stateHash, String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select state_hash, kind, provider, tenant_id, redirect_url, nonce, code_verifier, saml_request_id,
                       created_at, expires_at, used_at
                from login_transaction where state_hash = ?""" + lock)) {
            select.setString(1, stateHash);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                LoginTransaction tx = new LoginTransaction();
                tx.stateHash = row.getString(1);
                tx.kind = row.getString(2);
                tx.provider = row.getString(3);
                tx.tenantId = row.getString(4);
                tx.redirectUrl = row.getString(5);
                tx.nonce = row.getString(6);
                tx.codeVerifier = row.getString(7);
                tx.samlRequestId = row.getString(8);
                tx.createdAt = Jdbc.instant(row.getTimestamp(9));
                tx.expiresAt = Jdbc.instant(row.getTimestamp(10));
                tx.usedAt = Jdbc.instant(row.getTimestamp(11));
                return tx;
            }
        }
    }

    /** RFC 7636 §4.2: BASE64URL(SHA256(verifier)). */
    public static String pkceChallenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Started(String state, LoginTransaction transaction) {
    }
}
