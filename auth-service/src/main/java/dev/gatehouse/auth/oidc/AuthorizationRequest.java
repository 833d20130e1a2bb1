package dev.gatehouse.auth.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A validated /oauth2/authorize request waiting for its user to sign in upstream. */
@Entity
@Table(name = "authorization_request")
public class AuthorizationRequest extends PanacheEntityBase {

    @Id
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
