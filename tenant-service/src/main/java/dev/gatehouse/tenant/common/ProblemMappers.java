package dev.gatehouse.tenant.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gatehouse.common.BadInput;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


/** The one place where exceptions become problem+json. Never echoes class names or stack traces. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return Problem.response(e.status(), e.title(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return Problem.response(400, "Malformed JSON", "the request body is not valid JSON for this endpoint: "
                + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported content type; send application/json";
            default -> title;
        };
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return Problem.response(status, title, detail);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (BadInput.isMalformedEncoding(e)) {
            return Problem.response(400, "Malformed encoding", "the request is not valid URL encoding");
        }
        if (BadInput.isDataError(e)) {
            return Problem.response(400, "Unusable value", "a value is too long or holds characters that cannot be stored");
        }
        LOG.error("unexpected failure", e);
        return Problem.response(500, "Internal error", "the request could not be completed; see the server log");
    }
}
