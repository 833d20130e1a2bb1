package dev.gatehouse.auth.tokens;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The claims of a token we issued, read after {@link TokenVerifier} checked its signature, issuer and subject: JSON
 * values as Jackson reads them (strings, numbers, booleans, lists, maps).
 */
public record TokenClaims(Map<String, Object> values) {

    public TokenClaims {
        values = Collections.unmodifiableMap(values);
    }

    /** Whether the claim is present (a JSON null counts as absent). */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** The value, or null when absent (a JSON null counts as absent). */
    public Object value(String name) {
        return values.get(name);
    }

    /** The value if it is a string, else null. */
    public String string(String name) {
        return values.get(name) instanceof String text ? text : null;
    }

    /** A NumericDate claim in seconds, or null when absent or not a number. */
    public Long seconds(String name) {
        return values.get(name) instanceof Number number ? number.longValue() : null;
    }

    public String subject() {
        return string("sub");
    }

    /** {@code aud} as a list (RFC 7519 §4.1.3: a string or an array of strings); empty when absent or malformed. */
    public List<String> audience() {
        Object aud = values.get("aud");
        if (aud instanceof String single) {
            return List.of(single);
        }
        if (aud instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        return List.of();
    }
}
