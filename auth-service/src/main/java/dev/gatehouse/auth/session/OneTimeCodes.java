package dev.gatehouse.auth.session;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.Text;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/**
 * The code a completed login hands to the app through the browser. Single use, short-lived, stored hashed.
 * Only the login flows issue codes, and only to an allow-listed redirect URL.
 *
 * <p>Binding: the Descope-style exchange ({@code POST /v1/auth/.../exchange {"code"}}) carries no redirect URL,
 * so there the code is bound to nothing but itself; binding the code to the browser that started the login is
 * the app's part (app-ui does it with a login cookie, design.md §6). A caller that knows the redirect URL (the
 * OIDC token endpoint's {@code redirect_uri}, RFC 6749 §4.1.3) passes it to {@link #redeem} and a mismatch is
 * refused.
 */
@ApplicationScoped
public class OneTimeCodes {

    @Inject
    Clock clock;

    @Inject
    AuthConfig config;

    @Inject
    DataSource dataSource;

    @Inject
    AuthSessions authSessions;

    public String issue(CompletedLogin login) {
        String code = Secrets.newSecret();
        Instant now = Instant.now(clock);
        Jdbc.update(dataSource, "issue a code", """
                    insert into one_time_code (code_hash, user_id, tenant_id, amr, redirect_url, first_seen, created_at,
                        expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)""",
                Secrets.sha256(code), login.userId(), login.tenantId(), login.amr(), login.redirectUrl(),
                login.firstSeen(), now, now.plus(config.session().codeTtl()));
        return code;
    }

    /**
     * Marks the code used and returns its login. A replayed code revokes the session it started
     * (RFC 6749 §4.1.2); that revocation commits even though the replay is refused.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Redemption redeem(String code, String redirectUrl) {
        if (code == null || code.isBlank() || code.length() > 200) {
            throw ApiException.badRequest("E061001", "code is required");
        }
        String codeHash = Secrets.sha256(code);
        Instant now = Instant.now(clock);
        return Jdbc.write(dataSource, "redeem a code", connection -> {
            CompletedLogin login;
            Instant expiresAt;
            Instant usedAt;
            String sessionId;
            try (PreparedStatement select = connection.prepareStatement("""
                    select user_id, tenant_id, amr, redirect_url, first_seen, expires_at, used_at, session_id
                    from one_time_code where code_hash = ? for update""")) {
                select.setString(1, codeHash);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw ApiException.unauthorized("E061002", "unknown code");
                    }
                    login = new CompletedLogin(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getBoolean(5));
                    expiresAt = Jdbc.instant(row.getTimestamp(6));
                    usedAt = Jdbc.instant(row.getTimestamp(7));
                    sessionId = row.getString(8);
                }
            }
            if (usedAt != null) {
                if (sessionId != null) {
                    authSessions.endWhere(now, "code-replay", "id = ?", sessionId);
                }
                throw ApiException.unauthorized("E061003", "code was already used");
            }
            if (!now.isBefore(expiresAt)) {
                throw ApiException.unauthorized("E061004", "code has expired");
            }
            if (redirectUrl == null
                    && login.redirectUrl().startsWith(Text.withoutTrailingSlashes(config.publicUrl()) + "/oauth2/")) {
                // The provider face's own sign-ins end in an authorization code for its client, never in a session here.
                throw ApiException.unauthorized("E061006", "code was issued for another redirect URL");
            }
            if (redirectUrl != null && !redirectUrl.equals(login.redirectUrl())) {
                throw ApiException.unauthorized("E061006", "code was issued for another redirect URL");
            }
            try (PreparedStatement use = connection.prepareStatement("update one_time_code set used_at = ? where code_hash = ?")) {
                use.setTimestamp(1, Timestamp.from(now));
                use.setString(2, codeHash);
                use.executeUpdate();
            }
            return new Redemption(codeHash, login);
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void attachSession(String codeHash, String sessionId) {
        Jdbc.update(dataSource, "attach a session to its code", "update one_time_code set session_id = ? where code_hash = ?",
                sessionId, codeHash);
    }

    @Scheduled(every = "10m", delayed = "1m")
    void purgeExpired() {
        Jdbc.update(dataSource, "purge expired codes", "delete from one_time_code where expires_at < ?",
                Instant.now(clock).minusSeconds(3600));
    }

    /** A login that finished upstream: who signed in, into which tenant, how, and where the browser goes. */
    public record CompletedLogin(String userId, String tenantId, String amr, String redirectUrl, boolean firstSeen) {
    }

    public record Redemption(String codeHash, CompletedLogin login) {
    }
}
