package dev.gatehouse.auth.oidc;

import java.time.Instant;

/** An authorization code (RFC 6749 §4.1.2): single use, short-lived, bound to client, redirect URI and PKCE challenge. */
public class AuthorizationCode {

    public String codeHash;
    public String clientId;
    public String redirectUri;
    public String userId;
    public String tenantId;
    public String amr;
    public Instant authTime;
    public String nonce;
    public String scope;
    public String codeChallenge;
    public String browserSessionId;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;
    public String sessionId;
}
