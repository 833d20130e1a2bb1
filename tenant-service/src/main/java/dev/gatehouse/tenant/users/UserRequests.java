package dev.gatehouse.tenant.users;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.List;

public final class UserRequests {

    private UserRequests() {
    }

    public record NewUser(@NotBlank @Email @Size(max = 320) String email,
                          @Size(max = 200) String name,
                          @Size(max = 100) String givenName,
                          @Size(max = 100) String familyName,
                          @Size(max = 100) List<@Valid TenantGrant> tenants,
                          @Size(max = 100) List<String> roleNames) {
    }

    public record TenantGrant(@NotBlank String tenantId, @Size(max = 100) List<String> roleNames) {
    }

    public record UserUpdate(@Email @Size(max = 320) String email,
                             @Size(max = 200) String name,
                             @Size(max = 100) String givenName,
                             @Size(max = 100) String familyName) {
    }
}
