package dev.gatehouse.tenant.users;

import dev.gatehouse.tenant.common.Violations;

import java.util.List;

public final class UserRequests {

    private UserRequests() {
    }

    public record NewUser(String email,
                          String name,
                          String givenName,
                          String familyName,
                          List<TenantGrant> tenants,
                          List<String> roleNames) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("email", email).email("email", email)
                    .size("email", email, 0, 320).size("name", name, 0, 200).size("givenName", givenName, 0, 100)
                    .size("familyName", familyName, 0, 100).size("tenants", tenants, 0, 100).withEach(tenants)
                    .size("roleNames", roleNames, 0, 100);
        }
    }

    public record TenantGrant(String tenantId, List<String> roleNames) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("tenantId", tenantId).size("roleNames", roleNames, 0, 100);
        }
    }

    public record UserUpdate(String email,
                             String name,
                             String givenName,
                             String familyName) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().email("email", email).size("email", email, 0, 320).size("name", name, 0, 200)
                    .size("givenName", givenName, 0, 100).size("familyName", familyName, 0, 100);
        }
    }
}
