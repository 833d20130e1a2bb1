package dev.gatehouse.auth.common;

import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem details. The Descope SDKs read {@code errorCode}, {@code errorDescription} and
 * {@code errorMessage} from the same body (descope-api.md, Errors).
 */
public record Problem(String type, String title, int status, String detail,
                      String errorCode, String errorDescription, String errorMessage) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String errorCode, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, errorCode, title, detail))
                .build();
    }
}
