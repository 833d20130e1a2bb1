package dev.gatehouse.common.jwt;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads our claims (design.md §4) from a session JWT that smallrye-jwt has verified. smallrye-jwt hands custom
 * claims over as JSON-P values ({@code JsonString}, {@code JsonArray}, {@code JsonObject}) and registered ones as
 * plain Java values; both read the same here, and a claim of an unexpected shape reads as absent, never as a grant.
 */
public final class SessionClaims {

    private SessionClaims() {
    }

    /** A string claim, or null. */
    public static String string(JsonWebToken token, String name) {
        return text(token.getClaim(name));
    }

    /** A list of strings ({@code amr}, {@code mfa_pending}), empty when absent or not a list. */
    public static List<String> strings(JsonWebToken token, String name) {
        return texts(token.getClaim(name));
    }

    /** A NumericDate claim ({@code auth_time}) in epoch seconds, or 0 when absent or not a number. */
    public static long epochSeconds(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value instanceof JsonNumber number) {
            return number.longValue();
        }
        return value instanceof Number number ? number.longValue() : 0;
    }

    /** {@code tenants.<tenantId>.roles} for each tenant of the token, in the token's order. */
    public static Map<String, List<String>> tenantRoles(JsonWebToken token) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        if (token.getClaim("tenants") instanceof Map<?, ?> tenants) {
            tenants.forEach((tenant, grants) -> roles.put(String.valueOf(tenant),
                    grants instanceof Map<?, ?> g ? texts(g.get("roles")) : List.of()));
        }
        return roles;
    }

    private static List<String> texts(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(SessionClaims::text).filter(Objects::nonNull).toList();
        }
        return List.of();
    }

    private static String text(Object value) {
        if (value instanceof JsonString string) {
            return string.getString();
        }
        return value instanceof String string ? string : null;
    }
}
