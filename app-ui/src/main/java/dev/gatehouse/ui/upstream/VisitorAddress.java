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
 * visitor sent; auth-service trusts it because app-ui is in its trusted proxies. The visitor's User-Agent goes along
 * too, so that a session list names the browser, not app-ui.
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
        // The visitor's browser, for their session list ("Your sessions"); app-ui's own client name otherwise.
        String agent = context == null ? null : context.request().getHeader("User-Agent");
        if (agent != null && !agent.isBlank()) {
            outgoing.putSingle("User-Agent", agent);
        }
        return outgoing;
    }
}
