package dev.gatehouse.auth.oidc;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One secret of a confidential client, kept as its SHA-256 hash; shown once, when created. */
@Entity
@Table(name = "oauth_client_secret")
public class OAuthClientSecret extends PanacheEntityBase {

    @Id
    public String id;
    public String clientId;
    public String secretHash;
    public Instant createdAt;
    /** Set when a rotation replaces this secret: it keeps working until then (the overlap). */
    public Instant expiresAt;
}
