package dev.gatehouse.tenant.users;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A user as the Descope SDKs see one (descope-api.md, "User"), plus the token claims. auth-service passes
 * the profile through to apps unchanged.
 */
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
                          Long lastLoginTime,
                          String picture,
                          @JsonProperty("SAML") boolean saml,
                          @JsonProperty("oAuth") Map<String, Boolean> oauth,
                          Map<String, Object> customAttributes,
                          Claims claims) {

    public record UserTenant(String tenantId, String tenantName, List<String> roleNames) {
    }

    static UserProfile of(User user, List<UserTenant> tenants, boolean saml, Map<String, Boolean> oauth, Claims claims) {
        return new UserProfile(user.id,
                user.email == null ? List.of(user.id) : List.of(user.email),
                user.email,
                user.email != null,
                user.name,
                user.givenName,
                user.familyName,
                claims.roles(),
                tenants,
                user.status,
                user.createdAt.getEpochSecond(),
                user.lastLoginAt == null ? null : user.lastLoginAt.getEpochSecond(),
                null,
                saml,
                oauth,
                Map.of(),
                claims);
    }

    /** The same user as a tenant admin of {@code tenantId} may see it: that tenant only. */
    public UserProfile limitedTo(String tenantId) {
        var tenant = claims.tenants().get(tenantId);
        return new UserProfile(userId, loginIds, email, verifiedEmail, name, givenName, familyName, List.of(),
                userTenants.stream().filter(t -> t.tenantId().equals(tenantId)).toList(),
                status, createdTime, lastLoginTime, picture, saml, oauth, customAttributes,
                new Claims(tenant == null ? Map.of() : Map.of(tenantId, tenant), List.of(), List.of()));
    }
}
