package dev.gatehouse.auth.keys;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    @Id
    public String kid;
    public String algorithm;
    /** The public JWK as JSON, with kid, alg and use. */
    public String publicJwk;
    /** PKCS#8, base64, sealed with the key-encryption key. */
    public String privateKey;
    public Instant createdAt;
    public Instant retiredAt;
    public Instant publishUntil;
    /** Set by an emergency revocation: the key left the JWKS at that moment, not when its tokens expired. */
    public Instant revokedAt;
}
