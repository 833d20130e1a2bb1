package dev.gatehouse.auth.login;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "login_transaction")
public class LoginTransaction extends PanacheEntityBase {

    @Id
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
