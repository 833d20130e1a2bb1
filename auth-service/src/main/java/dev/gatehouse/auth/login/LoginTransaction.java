package dev.gatehouse.auth.login;

import java.time.Instant;

/** A row of {@code login_transaction}: a login in flight ({@link LoginTransactions}). */
public class LoginTransaction {

    public String stateHash;
    public String kind;
    /** Social provider name, or the tenant id for enterprise SSO. */
    public String provider;
    public String tenantId;
    public String redirectUrl;
    public String nonce;
    public String codeVerifier;
    public String samlRequestId;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;
}
