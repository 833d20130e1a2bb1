package dev.gatehouse.tenant.roles;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

public final class RoleRequests {

    /** Printable names without control characters; spaces are fine ("Tenant Admin"). */
    static final String NAME = "[\\p{L}\\p{N}][\\p{L}\\p{N} ._:-]{0,99}";

    private RoleRequests() {
    }

    public record RoleBody(@NotBlank @Pattern(regexp = NAME) String name,
                           @Size(max = 500) String description,
                           @Size(max = 200) List<String> permissions) {
    }

    public record PermissionBody(@NotBlank @Pattern(regexp = NAME) String name,
                                 @Size(max = 500) String description) {
    }
}
