package dev.gatehouse.tenant.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A request body's fields checked in code: every field that breaks its rule is named, in Bean Validation's words,
 * in one 400 problem ("Invalid request", the violations sorted and joined by "; "). Checked in code rather than with
 * Hibernate Validator, which cost tenant-service a fifth of its start-up (issue #14, docs/performance.md).
 *
 * <pre>{@code
 * record NewRole(String name) implements Violations.Body {
 *     public Violations violations() {
 *         return Violations.none().notBlank("name", name).size("name", name, 0, 200);
 *     }
 * }
 * ... Violations.checked(request, "request") ...}</pre>
 */
public final class Violations {

    /**
     * Bean Validation's {@code @Email}, near enough: a local part of dot-separated atoms and a domain of
     * letter-or-digit labels (with inner hyphens) or an address literal; one {@code @}, no spaces (the length is the
     * field's own size rule).
     */
    private static final Pattern EMAIL = Pattern.compile("""
            [\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*\
            @([\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?(\\.[\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?)*\
            |\\[[0-9A-Fa-f:.]+])""");

    private final List<String> found = new ArrayList<>();

    private Violations() {
    }

    /** A request body whose fields have rules. */
    public interface Body {
        /** What breaks this body's rules (nested bodies' included). */
        Violations violations();
    }

    /** {@code body}, when it is there ({@code name} when not) and keeps its rules; else the request is refused. */
    public static <T extends Body> T checked(T body, String name) {
        of(body, name).with(body.violations()).check();
        return body;
    }

    /** A nested body's violations, none when it is absent. */
    public static Violations of(Body nested) {
        return nested == null ? none() : nested.violations();
    }

    /** The checks of a request body, which must be there: a missing one is refused at once as {@code name}. */
    public static Violations of(Object body, String name) {
        if (body == null) {
            throw refusal(List.of(name + ": must not be null"));
        }
        return new Violations();
    }

    /** The checks of values that are not one body (query parameters, list elements). */
    public static Violations none() {
        return new Violations();
    }

    public Violations notNull(String field, Object value) {
        return rule(value != null, field, "must not be null");
    }

    public Violations notBlank(String field, String value) {
        return rule(value != null && !value.isBlank(), field, "must not be blank");
    }

    /** A string's length within bounds; null passes (as {@code @Size}). */
    public Violations size(String field, String value, int min, int max) {
        return rule(value == null || (value.length() >= min && value.length() <= max), field,
                "size must be between " + min + " and " + max);
    }

    /** A list's size within bounds; null passes (as {@code @Size}). */
    public Violations size(String field, Collection<?> value, int min, int max) {
        return rule(value == null || (value.size() >= min && value.size() <= max), field,
                "size must be between " + min + " and " + max);
    }

    /** Each string of a list not blank and at most {@code max} long; a null list passes. */
    public Violations each(String field, Collection<String> values, boolean notBlank, int max) {
        if (values != null) {
            for (String value : values) {
                if (notBlank) {
                    notBlank(field + "[]", value);
                }
                size(field + "[]", value, 0, max);
            }
        }
        return this;
    }

    /** The whole value matches {@code regexp}; null passes (as {@code @Pattern}). */
    public Violations matches(String field, String value, Pattern regexp) {
        return rule(value == null || regexp.matcher(value).matches(), field, "must match \"" + regexp.pattern() + "\"");
    }

    /** One of {@code accepted} exactly; null passes. */
    public Violations oneOf(String field, String value, String message, String... accepted) {
        return rule(value == null || List.of(accepted).contains(value), field, message);
    }

    /** A well-formed email address; null passes (as {@code @Email}). */
    public Violations email(String field, String value) {
        return rule(value == null || EMAIL.matcher(value).matches(), field, "must be a well-formed email address");
    }

    /** Adds the findings of each body in {@code nested}; a null list or element passes (as {@code @Valid}). */
    public Violations withEach(Collection<? extends Body> nested) {
        if (nested != null) {
            nested.forEach(body -> with(of(body)));
        }
        return this;
    }

    /** Adds {@code violations}' findings to these (a nested body's, a list element's). */
    public Violations with(Violations violations) {
        found.addAll(violations.found);
        return this;
    }

    /** Refuses the request with every violation found; returns when there is none. */
    public void check() {
        if (!found.isEmpty()) {
            throw refusal(found);
        }
    }

    private Violations rule(boolean holds, String field, String message) {
        if (!holds) {
            found.add(field + ": " + message);
        }
        return this;
    }

    private static ApiException refusal(List<String> violations) {
        return new ApiException(400, "Invalid request", String.join("; ", violations.stream().sorted().distinct().toList()));
    }
}
