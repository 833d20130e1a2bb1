package dev.gatehouse.tenant.tenants;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

@Entity
@Table(name = "sso_domain")
public class SsoDomain extends PanacheEntityBase {

    @Id
    public String domain;
    public String tenantId;
    public Instant createdAt;

    public static List<String> namesOf(String tenantId) {
        return SsoDomain.<SsoDomain>list("tenantId = ?1 order by domain", tenantId).stream()
                .map(d -> d.domain)
                .toList();
    }
}
