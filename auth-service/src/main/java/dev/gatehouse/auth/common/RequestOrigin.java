package dev.gatehouse.auth.common;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.regex.Pattern;

/**
 * Where the current request comes from: the client address (X-Forwarded-For only from trusted proxies; app-ui
 * forwards its visitor's), which rate limits key on and session lists show, and the user agent, cut to what a
 * session list shows.
 */
@ApplicationScoped
public class RequestOrigin {

    private static final int MAX_USER_AGENT = 300;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    @Inject
    CurrentVertxRequest currentRequest;

    public String clientAddress() {
        RoutingContext context = currentRequest.getCurrent();
        SocketAddress address = context == null ? null : context.request().remoteAddress();
        return address == null ? null : address.hostAddress();
    }

    public String userAgent() {
        RoutingContext context = currentRequest.getCurrent();
        String agent = context == null ? null : context.request().getHeader("User-Agent");
        if (agent == null || agent.isBlank()) {
            return null;
        }
        String printable = CONTROL.matcher(agent).replaceAll(" ").trim();
        return printable.length() > MAX_USER_AGENT ? printable.substring(0, MAX_USER_AGENT) : printable;
    }
}
