package dev.gatehouse.auth.oidc;

import java.time.Instant;

/** One secret of a confidential client, kept as its SHA-256 hash; shown once, when created. */
public class OAuthClientSecret {

    public String id;
    public String clientId;
    public String secretHash;
    public Instant createdAt;
    /** Set when a rotation replaces this secret: it keeps working until then (the overlap). */
    public Instant expiresAt;
}
