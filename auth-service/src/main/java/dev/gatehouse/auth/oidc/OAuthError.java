package dev.gatehouse.auth.oidc;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal on the provider's endpoints, answered as RFC 6749 §5.2 JSON ({@code error}, {@code error_description}).
 * Everything else that goes wrong under {@code /oauth2/} is answered in the same shape (see {@code ProblemMappers}).
 */
public class OAuthError extends RuntimeException {

    private static final String PATH_PREFIX = "oauth2/";

    private final int status;
    private final String error;
    private final String wwwAuthenticate;

    public OAuthError(int status, String error, String description) {
        this(status, error, description, null);
    }

    private OAuthError(int status, String error, String description, String wwwAuthenticate) {
        super(description);
        this.status = status;
        this.error = error;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    /** Whether a request path, with or without its leading slash, is the provider's: its refusals are RFC 6749 JSON. */
    public static boolean isProviderPath(String path) {
        return path.startsWith(PATH_PREFIX, path.startsWith("/") ? 1 : 0);
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description);
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError(400, "invalid_grant", description);
    }

    /** RFC 6749 §5.2: 401 with a challenge when the client tried HTTP Basic. */
    public static OAuthError invalidClient(String description, boolean basic) {
        return new OAuthError(401, "invalid_client", description, basic ? "Basic realm=\"gatehouse\"" : null);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError(400, "unauthorized_client", description);
    }

    /** RFC 6750 §3.1, for userinfo. */
    public static OAuthError invalidToken(String description) {
        return new OAuthError(401, "invalid_token", description,
                "Bearer error=\"invalid_token\", error_description=\"" + description.replace("\"", "'") + "\"");
    }

    public String error() {
        return error;
    }

    public Response response() {
        Response.ResponseBuilder builder = body(status, error, getMessage());
        if (wwwAuthenticate != null) {
            builder.header("WWW-Authenticate", wwwAuthenticate);
        }
        return builder.build();
    }

    /** The RFC 6749 body for a failure that was not raised as an OAuthError: the error code follows the status. */
    public static Response.ResponseBuilder forStatus(int status, String description) {
        String error = status == 429 || status == 503 ? "temporarily_unavailable"
                : status >= 500 ? "server_error"
                : status == 401 ? "invalid_token"
                : "invalid_request";
        return body(status, error, description);
    }

    private static Response.ResponseBuilder body(int status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
                .cacheControl(noStore).header("Pragma", "no-cache");
    }
}
