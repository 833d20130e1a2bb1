package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.common.Secrets;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.NewCookie;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The provider's sign-in of a browser, in an HttpOnly cookie on auth-service's origin: one upstream sign-in
 * serves every app (SSO across clients) and answers {@code prompt=none}.
 */
@ApplicationScoped
public class BrowserSessions {

    public static final String COOKIE = "gh_session";

    @Inject
    Clock clock;

    @Inject
    AuthConfig config;

    @Inject
    DataSource dataSource;

    /** A browser session started for a completed login, and the cookie that carries its secret. */
    public record Started(BrowserSession session, NewCookie cookie) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Started start(OneTimeCodes.CompletedLogin login) {
        String secret = Secrets.newSecret();
        BrowserSession session = new BrowserSession();
        session.id = Secrets.newId("B");
        session.secretHash = Secrets.sha256(secret);
        session.userId = login.userId();
        session.tenantId = login.tenantId();
        session.amr = login.amr();
        session.authTime = Instant.now(clock);
        session.expiresAt = session.authTime.plus(config.oidc().browserSessionTtl());
        Jdbc.update(dataSource, "start a browser session", """
                    insert into browser_session (id, secret_hash, user_id, tenant_id, amr, auth_time, expires_at)
                    values (?, ?, ?, ?, ?, ?, ?)""",
                session.id, session.secretHash, session.userId, session.tenantId, session.amr, session.authTime,
                session.expiresAt);
        return new Started(session, cookie(COOKIE, secret, config.oidc().browserSessionTtl()));
    }

    /**
     * The active browser session the cookie names, if any: one plain SQL query (logout asks; a signed-in authorize
     * reads the session inside its code's insert instead, {@link AuthorizationCodes#issueForBrowser}).
     */
    public Optional<BrowserSession> current(String cookie) {
        return secretHash(cookie).flatMap(hash -> Jdbc.queryOne(dataSource, "a browser session",
                "select id, user_id, tenant_id, amr, auth_time, expires_at, revoked_at from browser_session where secret_hash = ?",
                select -> select.setString(1, hash), found -> {
                    BrowserSession session = new BrowserSession();
                    session.id = found.getString(1);
                    session.userId = found.getString(2);
                    session.tenantId = found.getString(3);
                    session.amr = found.getString(4);
                    session.authTime = found.getTimestamp(5).toInstant();
                    session.expiresAt = found.getTimestamp(6).toInstant();
                    session.revokedAt = Jdbc.instant(found.getTimestamp(7));
                    return session;
                })).filter(active -> active.activeAt(Instant.now(clock)));
    }

    /** The stored hash of a session cookie's secret; empty for a value no cookie of ours has. */
    static Optional<String> secretHash(String cookie) {
        return cookie == null || cookie.isBlank() || cookie.length() > 100 ? Optional.empty()
                : Optional.of(Secrets.sha256(cookie));
    }

    /** Ends the browser session and every session an app got from it (RP-initiated logout). */
    @Transactional
    public void end(BrowserSession session, String reason) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        Jdbc.write(dataSource, "end a browser session", connection -> {
            try (PreparedStatement browser = connection.prepareStatement(
                    "update browser_session set revoked_at = ? where id = ? and revoked_at is null");
                 PreparedStatement apps = connection.prepareStatement("""
                         update auth_session set revoked_at = ?, revoke_reason = ?
                         where browser_session_id = ? and revoked_at is null""")) {
                browser.setTimestamp(1, now);
                browser.setString(2, session.id);
                browser.executeUpdate();
                apps.setTimestamp(1, now);
                apps.setString(2, reason);
                apps.setString(3, session.id);
                return apps.executeUpdate();
            }
        });
    }

    public NewCookie cleared() {
        return cookie(COOKIE, "", Duration.ZERO);
    }

    /** Cookies of the provider: HttpOnly, SameSite=Lax (top-level navigations from apps carry them), only on /oauth2. */
    NewCookie cookie(String name, String value, Duration maxAge) {
        return new NewCookie.Builder(name).value(value).path("/oauth2").maxAge((int) maxAge.toSeconds())
                .httpOnly(true).secure(config.publicUrl().startsWith("https:"))
                .sameSite(NewCookie.SameSite.LAX).build();
    }

    @Scheduled(every = "1h", delayed = "5m")
    void purgeEnded() {
        Instant cutoff = Instant.now(clock).minus(Duration.ofDays(1));
        for (String table : List.of("browser_session", "authorization_request", "authorization_code")) {
            Jdbc.update(dataSource, "purge ended rows of " + table, "delete from " + table + " where expires_at < ?", cutoff);
        }
    }
}
