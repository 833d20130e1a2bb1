package dev.gatehouse.auth.common;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shape of the ids tenant-service hands out (users, tenants): checked before one reaches a query, a cache key or
 * an error message, since whoever calls can put anything in a path or a body.
 */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private Ids() {
    }

    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** A list of at most {@code max} ids, each well-formed. */
    public static boolean areIds(List<String> values, int max) {
        return values != null && values.size() <= max && values.stream().allMatch(Ids::isId);
    }
}
