package dev.gatehouse.tenant.tenants;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A tenant's claim on an email domain: pending until proven by DNS (or a project admin), then verified. */
@Entity
@Table(name = "sso_domain")
@IdClass(SsoDomain.Key.class)
public class SsoDomain extends PanacheEntityBase {

    public static final String VERIFIED = "verified";
    public static final String PENDING = "pending";
    public static final String CHALLENGE_PREFIX = "_gatehouse-challenge.";

    @Id
    public String domain;
    @Id
    public String tenantId;
    public String status;
    public String verificationToken;
    public Instant createdAt;
    public Instant verifiedAt;
    public Instant lastCheckedAt;

    public boolean verified() {
        return VERIFIED.equals(status);
    }

    public String txtName() {
        return CHALLENGE_PREFIX + domain;
    }

    public String txtValue() {
        return "gh-verify=" + verificationToken;
    }

    /** The verified domains of a tenant: the ones that route sign-ins. */
    public static List<String> namesOf(String tenantId) {
        return SsoDomain.<SsoDomain>list("tenantId = ?1 and status = ?2 order by domain", tenantId, VERIFIED).stream()
                .map(d -> d.domain)
                .toList();
    }

    public static List<SsoDomain> pendingOf(String tenantId) {
        return SsoDomain.list("tenantId = ?1 and status = ?2 order by domain", tenantId, PENDING);
    }

    public static Optional<SsoDomain> verifiedClaim(String domain) {
        return SsoDomain.<SsoDomain>find("domain = ?1 and status = ?2", domain, VERIFIED).firstResultOptional();
    }

    public static Optional<SsoDomain> claim(String domain, String tenantId) {
        return SsoDomain.<SsoDomain>find("domain = ?1 and tenantId = ?2", domain, tenantId).firstResultOptional();
    }

    public static class Key implements Serializable {
        public String domain;
        public String tenantId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(domain, k.domain) && Objects.equals(tenantId, k.tenantId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(domain, tenantId);
        }
    }
}
