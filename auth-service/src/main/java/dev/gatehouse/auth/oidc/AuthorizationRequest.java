package dev.gatehouse.auth.oidc;

import java.time.Instant;

/** A validated /oauth2/authorize request waiting for its user to sign in upstream. */
public class AuthorizationRequest {

    public String id;
    /** Hash of the cookie that binds the request to the browser that made it. */
    public String bindingHash;
    public String clientId;
    public String redirectUri;
    public String responseMode;
    public String state;
    public String nonce;
    public String scope;
    public String codeChallenge;
    public String loginHint;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;
}
