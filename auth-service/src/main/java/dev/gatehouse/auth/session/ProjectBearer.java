package dev.gatehouse.auth.session;

import dev.gatehouse.auth.common.ApiException;

/**
 * The seed-style API's credential: {@code Authorization: Bearer <projectId>[:<jwt>]} (descope-api.md).
 * A wrong project id is refused; the refresh JWT may also come from the {@code DSR} cookie.
 */
public final class ProjectBearer {

    private ProjectBearer() {
    }

    public static void requireProject(String authorization, String projectId) {
        parse(authorization, projectId);
    }

    /** The refresh JWT after {@code projectId:}, or null when only the project id was sent. */
    public static String optionalRefreshJwt(String authorization, String projectId) {
        String token = parse(authorization, projectId);
        return token == null || token.isBlank() ? null : token;
    }

    public static String refreshJwt(String authorization, String cookie, String projectId) {
        String token = parse(authorization, projectId);
        if (token == null || token.isBlank()) {
            token = cookie;
        }
        if (token == null || token.isBlank()) {
            throw ApiException.unauthorized("E061005", "a refresh JWT is required: Authorization: Bearer <projectId>:<refreshJwt>");
        }
        return token;
    }

    /** Returns the token after {@code projectId:}, or null when only the project id was sent. */
    private static String parse(String authorization, String projectId) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("E011004", "send Authorization: Bearer <projectId>");
        }
        String value = authorization.substring(7).trim();
        int colon = value.indexOf(':');
        String project = colon < 0 ? value : value.substring(0, colon);
        if (!projectId.equals(project)) {
            throw ApiException.unauthorized("E011003", "unknown project id");
        }
        return colon < 0 ? null : value.substring(colon + 1);
    }
}
