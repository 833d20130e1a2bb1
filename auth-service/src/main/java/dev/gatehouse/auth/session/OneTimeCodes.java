package dev.gatehouse.auth.session;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.Text;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

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

    @Transactional
    public String issue(CompletedLogin login) {
        String code = Secrets.newSecret();
        OneTimeCode row = new OneTimeCode();
        row.codeHash = Secrets.sha256(code);
        row.userId = login.userId();
        row.tenantId = login.tenantId();
        row.amr = login.amr();
        row.redirectUrl = login.redirectUrl();
        row.firstSeen = login.firstSeen();
        row.createdAt = Instant.now(clock);
        row.expiresAt = row.createdAt.plus(config.session().codeTtl());
        row.persist();
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
        OneTimeCode row = OneTimeCode.findById(Secrets.sha256(code), LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now(clock);
        if (row == null) {
            throw ApiException.unauthorized("E061002", "unknown code");
        }
        if (row.usedAt != null) {
            if (row.sessionId != null) {
                AuthSession.update("revokedAt = ?1, revokeReason = 'code-replay' where id = ?2 and revokedAt is null",
                        now, row.sessionId);
            }
            throw ApiException.unauthorized("E061003", "code was already used");
        }
        if (!now.isBefore(row.expiresAt)) {
            throw ApiException.unauthorized("E061004", "code has expired");
        }
        if (redirectUrl == null && row.redirectUrl.startsWith(Text.withoutTrailingSlashes(config.publicUrl()) + "/oauth2/")) {
            // The provider face's own sign-ins end in an authorization code for its client, never in a session here.
            throw ApiException.unauthorized("E061006", "code was issued for another redirect URL");
        }
        if (redirectUrl != null && !redirectUrl.equals(row.redirectUrl)) {
            throw ApiException.unauthorized("E061006", "code was issued for another redirect URL");
        }
        row.usedAt = now;
        return new Redemption(row.codeHash,
                new CompletedLogin(row.userId, row.tenantId, row.amr, row.redirectUrl, row.firstSeen));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void attachSession(String codeHash, String sessionId) {
        OneTimeCode.update("sessionId = ?1 where codeHash = ?2", sessionId, codeHash);
    }

    @Scheduled(every = "10m", delayed = "1m")
    @Transactional
    void purgeExpired() {
        OneTimeCode.delete("expiresAt < ?1", Instant.now(clock).minusSeconds(3600));
    }

    /** A login that finished upstream: who signed in, into which tenant, how, and where the browser goes. */
    public record CompletedLogin(String userId, String tenantId, String amr, String redirectUrl, boolean firstSeen) {
    }

    public record Redemption(String codeHash, CompletedLogin login) {
    }
}
