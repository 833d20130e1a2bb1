package dev.gatehouse.auth.oidc;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.io.ByteArrayInputStream;

/**
 * Reads the form bodies of the provider's endpoints on the event loop as they arrive, before a worker thread takes
 * the request: the framework otherwise has the worker read the body, waiting for the event loop to hand it over
 * (7 % of auth-service's CPU under OAuth refreshes). The endpoints' form parameters are then parsed from the bytes
 * read here, on the worker, as before. A body over the size limit is refused in RFC 6749's JSON, as every other
 * refusal under {@code /oauth2/}.
 */
public class FormBodyReader {

    private static final Uni<Void> PASS = Uni.createFrom().voidItem();

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    @ServerRequestFilter(preMatching = true)
    public Uni<Void> read(ResteasyReactiveContainerRequestContext context, HttpServerRequest request) {
        if (!"POST".equals(context.getMethod()) || !OAuthError.isProviderPath(context.getUriInfo().getPath())
                || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(context.getMediaType())) {
            return PASS;
        }
        ResteasyReactiveRequestContext rest = (ResteasyReactiveRequestContext) context.getServerRequestContext();
        return Uni.createFrom().emitter(emitter -> receive(request, rest, emitter));
    }

    private void receive(HttpServerRequest request, ResteasyReactiveRequestContext rest, UniEmitter<? super Void> emitter) {
        long limit = maxBodySize.asLongValue();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() <= limit) {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(emitter::fail);
        request.endHandler(end -> {
            if (body.length() > limit) {
                emitter.fail(new OAuthError(413, "invalid_request", "the request body is larger than " + limit + " bytes"));
                return;
            }
            rest.setInputStream(new ByteArrayInputStream(body.getBytes()));
            emitter.complete(null);
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue(); // the client waits for this before it sends the body
        }
        request.resume();
    }
}
