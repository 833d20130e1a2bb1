package dev.gatehouse.tenant.tenants;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.List;

public final class TenantRequests {

    private TenantRequests() {
    }

    public record NewTenant(@Size(max = 64) String id,
                            @NotBlank @Size(max = 200) String name,
                            Boolean selfProvisioning,
                            @Size(max = 100) List<String> domains,
                            Boolean ssoRequired,
                            Boolean mfaRequired) {
    }

    public record TenantUpdate(@Size(min = 1, max = 200) String name, Boolean selfProvisioning, Boolean ssoRequired,
                               Boolean mfaRequired) {
    }

    /** {@code verified}: a project admin may pass false to have even their own claim proven by DNS. */
    public record NewDomain(@NotBlank @Size(max = 253) String domain, Boolean verified) {
    }

    /** {@code force}: a project admin verifies without DNS proof (audited). */
    public record VerifyDomain(Boolean force) {
    }
}
