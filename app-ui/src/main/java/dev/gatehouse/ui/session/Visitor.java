package dev.gatehouse.ui.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The signed-in user, as the verified session JWT says; nothing here comes from an unsigned source. */
public record Visitor(String userId, String name, String email, String currentTenant,
                      Map<String, List<String>> tenantRoles, List<String> methods, List<String> mfaPending,
                      long authTime, String sessionJwt) {

    public static final String TENANT_ADMIN = "Tenant Admin";

    public boolean isTenantAdmin() {
        return currentTenant != null && tenantRoles.getOrDefault(currentTenant, List.of()).contains(TENANT_ADMIN);
    }

    public List<String> tenants() {
        return tenantRoles.keySet().stream().sorted().toList();
    }

    public boolean canSwitchTenant() {
        return tenantRoles.size() > 1 || (tenantRoles.size() == 1 && currentTenant == null);
    }

    /** The session's sign-in methods ({@code amr}), e.g. "saml, totp" after a step-up. */
    public String signInMethods() {
        return String.join(", ", methods);
    }

    /** Tenants whose roles wait for a second factor in this session (their policy), comma-separated. */
    public String secondFactorNeededBy() {
        return String.join(", ", mfaPending);
    }

    public boolean hasSecondFactor() {
        return methods.contains("totp") || methods.contains("webauthn");
    }

    /** Whether the user proved who they are (sign-in or step-up) within {@code maxAge} of {@code now}. */
    public boolean authenticatedWithin(Duration maxAge, Instant now) {
        return authTime > 0 && !Instant.ofEpochSecond(authTime).plus(maxAge).isBefore(now);
    }

    public String displayName() {
        return name != null && !name.isBlank() ? name : email != null ? email : userId;
    }
}
