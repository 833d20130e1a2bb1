package dev.gatehouse.auth.totp;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A user's TOTP secret (sealed), the last time step accepted (replay), and the lockout after wrong codes. */
@Entity
@Table(name = "totp_factor")
public class TotpFactor extends PanacheEntityBase {

    @Id
    public String userId;
    public String secretSealed;
    public long lastStep;
    public int failedAttempts;
    public Instant lockedUntil;
    public Instant createdAt;
}
