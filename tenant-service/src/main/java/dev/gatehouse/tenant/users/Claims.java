package dev.gatehouse.tenant.users;

import java.util.List;
import java.util.Map;

/** What auth-service puts into tokens (design.md §4): roles and permissions per tenant and project-wide. */
public record Claims(Map<String, TenantClaims> tenants, List<String> roles, List<String> permissions) {

    /** {@code mfaRequired}: the tenant's policy, which auth-service applies to the session's sign-in methods. */
    public record TenantClaims(List<String> roles, List<String> permissions, boolean mfaRequired) {
    }
}
