package dev.gatehouse.auth.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "one_time_code")
public class OneTimeCode extends PanacheEntityBase {

    @Id
    public String codeHash;
    public String userId;
    public String tenantId;
    public String amr;
    public String redirectUrl;
    public boolean firstSeen;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;
    public String sessionId;
}
