package dev.gatehouse.auth.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gatehouse.common.BadInput;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import dev.gatehouse.auth.oidc.OAuthError;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become problem+json, or RFC 6749 error JSON under {@code /oauth2/} (design.md §7).
 * Never echoes class names, stack traces or tokens.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response oauth(OAuthError e) {
        return e.response();
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimited e, UriInfo uri) {
        return Response.fromResponse(respond(uri, 429, e.errorCode(), e.getMessage()))
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return respond(uri, e.status(), e.errorCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(uri, 400, "E400011", "the request body is not valid JSON: " + json.getOriginalMessage());
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported content type";
            default -> "the request could not be processed";
        };
        return respond(uri, status, "E" + status + "000", detail);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (BadInput.isMalformedEncoding(e)) {
            return respond(uri, 400, "E400014", "the request is not valid URL encoding");
        }
        if (BadInput.isDataError(e)) {
            return respond(uri, 400, "E400013", "a value is too long or holds characters that cannot be stored");
        }
        LOG.error("unexpected failure", e);
        return respond(uri, 500, "E500000", "the request could not be completed; see the server log");
    }

    private static Response respond(UriInfo uri, int status, String errorCode, String detail) {
        if (uri != null && OAuthError.isProviderPath(uri.getPath())) {
            return OAuthError.forStatus(status, detail).build();
        }
        return Problem.response(status, errorCode, detail);
    }
}
