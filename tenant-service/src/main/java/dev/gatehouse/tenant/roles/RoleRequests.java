package dev.gatehouse.tenant.roles;

import dev.gatehouse.tenant.common.Violations;

import java.util.List;
import java.util.regex.Pattern;

public final class RoleRequests {

    /** Printable names without control characters; spaces are fine ("Tenant Admin"). */
    static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._:-]{0,99}");

    private RoleRequests() {
    }

    public record RoleBody(String name,
                           String description,
                           List<String> permissions) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("name", name).matches("name", name, NAME)
                    .size("description", description, 0, 500).size("permissions", permissions, 0, 200);
        }
    }

    public record PermissionBody(String name,
                                 String description) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("name", name).matches("name", name, NAME)
                    .size("description", description, 0, 500);
        }
    }
}
