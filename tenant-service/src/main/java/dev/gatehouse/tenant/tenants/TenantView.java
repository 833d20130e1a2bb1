package dev.gatehouse.tenant.tenants;

import java.time.Instant;
import java.util.List;

public record TenantView(String id, String name, boolean selfProvisioning, List<String> domains,
                         Instant createdAt, Instant updatedAt) {

    public static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id, tenant.name, tenant.selfProvisioning, SsoDomain.namesOf(tenant.id),
                tenant.createdAt, tenant.updatedAt);
    }
}
