package dev.gatehouse.auth.oidc;

import java.time.Instant;

/**
 * A browser signed in at the provider: what lets a second app (or {@code prompt=none}) skip the upstream
 * sign-in. The browser holds the secret in an HttpOnly cookie; only its hash is stored.
 */
public class BrowserSession {

    public String id;
    public String secretHash;
    public String userId;
    public String tenantId;
    public String amr;
    public Instant authTime;
    public Instant expiresAt;
    public Instant revokedAt;

    boolean activeAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
