package dev.gatehouse.tenant.tenants;

import dev.gatehouse.tenant.common.Violations;

import java.util.List;

public final class TenantRequests {

    private TenantRequests() {
    }

    public record NewTenant(String id,
                            String name,
                            Boolean selfProvisioning,
                            List<String> domains,
                            Boolean ssoRequired,
                            Boolean mfaRequired) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().size("id", id, 0, 64).notBlank("name", name).size("name", name, 0, 200)
                    .size("domains", domains, 0, 100);
        }
    }

    public record TenantUpdate(String name, Boolean selfProvisioning, Boolean ssoRequired,
                               Boolean mfaRequired) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().size("name", name, 1, 200);
        }
    }

    /** {@code verified}: a project admin may pass false to have even their own claim proven by DNS. */
    public record NewDomain(String domain, Boolean verified) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("domain", domain).size("domain", domain, 0, 253);
        }
    }

    /** {@code force}: a project admin verifies without DNS proof (audited). */
    public record VerifyDomain(Boolean force) {
    }
}
