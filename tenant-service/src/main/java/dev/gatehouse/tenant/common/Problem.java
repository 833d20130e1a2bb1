package dev.gatehouse.tenant.common;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details, the error body of every JSON API here. */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String title, String detail) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail))
                .build();
    }
}
