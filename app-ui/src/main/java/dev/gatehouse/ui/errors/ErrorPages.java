package dev.gatehouse.ui.errors;

import dev.gatehouse.common.BadInput;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * Errors by audience (design.md §7): a browser gets a friendly page, an API caller problem+json.
 * Never a stack trace.
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String message);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        return render(status, status == 404 ? "This page does not exist." : "The request could not be processed.", headers);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, HttpHeaders headers) {
        if (BadInput.isMalformedEncoding(e)) {
            return render(400, "The form could not be read. Please go back and try again.", headers);
        }
        LOG.error("unexpected failure", e);
        return render(500, "Something went wrong on our side. Please try again.", headers);
    }

    /**
     * auth-service is throttling or briefly unavailable: the visitor stays signed in (cookies untouched) and is
     * told when to try again, instead of being signed out by someone else's traffic.
     */
    public static Response tryAgain(int status, long retryAfterSeconds, HttpHeaders headers) {
        return Response.fromResponse(render(status, "Signing you back in is briefly unavailable. You are still signed in; "
                        + "try again in " + retryAfterSeconds + " seconds.", headers))
                .header("Retry-After", retryAfterSeconds).build();
    }

    private static Response render(int status, String message, HttpHeaders headers) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        boolean browser = headers.getAcceptableMediaTypes().stream()
                .anyMatch(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType());
        if (browser) {
            return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.error(status, title, message).render()).build();
        }
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", message)).build();
    }
}
