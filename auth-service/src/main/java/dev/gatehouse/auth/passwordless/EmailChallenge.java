package dev.gatehouse.auth.passwordless;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A code or link mailed to an address, waiting to be used once. Only a hash of the secret is stored. */
@Entity
@Table(name = "email_challenge")
public class EmailChallenge extends PanacheEntityBase {

    public static final String OTP = "otp";
    public static final String MAGIC_LINK = "magiclink";

    @Id
    public String id;
    public String kind;
    public String email;
    public String secretHash;
    public int attempts;
    public String stepUpSessionId;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;
}
