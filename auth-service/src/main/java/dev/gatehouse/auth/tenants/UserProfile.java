package dev.gatehouse.auth.tenants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** A user as tenant-service returns one: the Descope user shape plus the token claims. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserProfile(String userId,
                          List<String> loginIds,
                          String email,
                          boolean verifiedEmail,
                          String name,
                          String givenName,
                          String familyName,
                          List<String> roleNames,
                          List<UserTenant> userTenants,
                          String status,
                          long createdTime,
                          String picture,
                          @JsonProperty("SAML") boolean saml,
                          @JsonProperty("oAuth") Map<String, Boolean> oauth,
                          Map<String, Object> customAttributes,
                          Claims claims) {

    public boolean enabled() {
        return "enabled".equals(status);
    }

    public boolean memberOf(String tenantId) {
        return claims.tenants().containsKey(tenantId);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UserTenant(String tenantId, String tenantName, List<String> roleNames) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Claims(Map<String, TenantClaims> tenants, List<String> roles, List<String> permissions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TenantClaims(List<String> roles, List<String> permissions, boolean mfaRequired) {
    }
}
