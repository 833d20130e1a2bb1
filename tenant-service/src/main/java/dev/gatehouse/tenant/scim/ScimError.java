package dev.gatehouse.tenant.scim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An RFC 7644 §3.12 error: {@code status} as a string, a {@code scimType} where the RFC names one, and a detail. */
public class ScimError extends RuntimeException {

    public static final String MEDIA_TYPE = "application/scim+json";

    private final int status;
    private final String scimType;

    public ScimError(int status, String scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    static ScimError badRequest(String scimType, String detail) {
        return new ScimError(400, scimType, detail);
    }

    static ScimError notFound(String detail) {
        return new ScimError(404, null, detail);
    }

    static ScimError conflict(String detail) {
        return new ScimError(409, "uniqueness", detail);
    }

    Response toResponse() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", getMessage());
        Response.ResponseBuilder answer = Response.status(status).type(MEDIA_TYPE).entity(body.toString());
        if (status == 401) {
            answer.header("WWW-Authenticate", "Bearer realm=\"scim\"");
        }
        return answer.build();
    }

    @Provider
    public static class Mapper implements ExceptionMapper<ScimError> {
        @Override
        public Response toResponse(ScimError error) {
            return error.toResponse();
        }
    }
}
