package dev.gatehouse.auth.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gatehouse.auth.tenants.UserProfile;

import java.util.List;
import java.util.Map;

/** The user object of the seed-style API: tenant-service's profile without the token claims. */
public record DescopeUser(String userId, List<String> loginIds, String email, boolean verifiedEmail, String name,
                          String givenName, String familyName, List<String> roleNames,
                          List<UserProfile.UserTenant> userTenants, String status, long createdTime,
                          String picture, @JsonProperty("SAML") boolean saml,
                          @JsonProperty("oAuth") Map<String, Boolean> oauth, Map<String, Object> customAttributes) {

    static DescopeUser of(UserProfile user) {
        return new DescopeUser(user.userId(), user.loginIds(), user.email(), user.verifiedEmail(), user.name(),
                user.givenName(), user.familyName(), user.roleNames(), user.userTenants(), user.status(),
                user.createdTime(), user.picture(), user.saml(), user.oauth(),
                user.customAttributes() == null ? Map.of() : user.customAttributes());
    }
}
