package dev.gatehouse.ui.upstream;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * app-ui calls auth-service on its visitors' behalf, so without this every visitor would share app-ui's one
 * address and one rate-limit bucket, and one noisy visitor would throttle all. The visitor's address (itself
 * read from X-Forwarded-For only behind a trusted proxy) goes along as X-Forwarded-For, replacing anything the
 * visitor sent; auth-service trusts it because app-ui is in its trusted proxies.
 */
@ApplicationScoped
public class VisitorAddress implements ClientHeadersFactory {

    @Inject
    CurrentVertxRequest currentRequest;

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        RoutingContext context = currentRequest.getCurrent();
        SocketAddress visitor = context == null ? null : context.request().remoteAddress();
        if (visitor != null) {
            outgoing.putSingle("X-Forwarded-For", visitor.hostAddress());
        }
        return outgoing;
    }
}
