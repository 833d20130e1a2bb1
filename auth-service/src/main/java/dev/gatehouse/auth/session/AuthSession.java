package dev.gatehouse.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * One sign-in and its refresh-token family. A refresh rotates it in SQL ({@link RefreshRotation}): the presented
 * current token's successor replaces the current ones, which become the previous ones; a previous one presented
 * within the reuse interval gets one more successor (a sibling); anything else is reuse.
 */
public class AuthSession {

    public String id;
    public String userId;
    /** The current tenant ({@code dct}), if any. */
    public String tenantId;
    public String amr;
    /** Hashes of the refresh JWTs honoured now: the successor(s) of the last rotation. */
    public String[] currentHashes = new String[0];
    /** Hashes of their predecessors, honoured only within the reuse interval after {@link #rotatedAt}. */
    public String[] previousHashes = new String[0];
    public Instant rotatedAt;
    public Instant createdAt;
    /** When the user last proved who they are in this session: the sign-in, or the latest step-up. */
    public Instant authenticatedAt;
    public Instant lastRefreshAt;
    public Instant expiresAt;
    public Instant revokedAt;
    public String revokeReason;
    /** The kid of the key that signed this session's current tokens; revoking that key ends the session. */
    public String signingKid;
    /** The client address and user agent it was started from (shown in session lists, never trusted for anything). */
    public String clientAddress;
    public String userAgent;
    /** The OAuth client holding this session, when it was started through the provider face. */
    public String clientId;
    /** The provider's browser session it came from; RP-initiated logout ends them together. */
    public String browserSessionId;

    boolean isCurrent(String hash) {
        return Arrays.asList(currentHashes).contains(hash);
    }

    boolean isPreviousWithin(String hash, Instant now, Duration reuseInterval) {
        return rotatedAt != null && !now.isAfter(rotatedAt.plus(reuseInterval))
                && Arrays.asList(previousHashes).contains(hash);
    }

    boolean activeAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
