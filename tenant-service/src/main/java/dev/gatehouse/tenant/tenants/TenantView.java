package dev.gatehouse.tenant.tenants;

import java.time.Instant;
import java.util.List;

/** {@code domains} are the verified ones (they route sign-ins); pending ones carry the TXT record to create. */
public record TenantView(String id, String name, boolean selfProvisioning, boolean ssoRequired, boolean mfaRequired,
                         List<String> domains,
                         List<PendingDomain> pendingDomains, Instant createdAt, Instant updatedAt) {

    static TenantView of(Tenant tenant, SsoDomains domains) {
        return new TenantView(tenant.id, tenant.name, tenant.selfProvisioning, tenant.ssoRequired, tenant.mfaRequired,
                domains.namesOf(tenant.id),
                domains.pendingOf(tenant.id).stream().map(PendingDomain::of).toList(),
                tenant.createdAt, tenant.updatedAt);
    }

    public record PendingDomain(String domain, String txtName, String txtValue, Instant since, Instant lastCheckedAt) {
        static PendingDomain of(SsoDomain claim) {
            return new PendingDomain(claim.domain, claim.txtName(), claim.txtValue(), claim.createdAt, claim.lastCheckedAt);
        }
    }
}
