package dev.gatehouse.tenant.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outside parties tenant-service fetches from, on a free loopback port: auth-service's JWKS (for session
 * JWTs minted by {@link TestTokens}), and whatever documents a test publishes (IdP metadata, OIDC discovery).
 */
public class PeerHttpServer implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, String> DOCUMENTS = new ConcurrentHashMap<>();
    private static volatile String baseUrl;
    private static final String REDIRECT = "\u0000redirect:";
    private HttpServer server;

    /** Serves {@code body} at {@code path} from now on; returns its URL. */
    public static String publish(String path, String body) {
        DOCUMENTS.put(path, body);
        return baseUrl + path;
    }

    /** Answers {@code path} with a 302 to {@code location}. */
    public static String publishRedirect(String path, String location) {
        return publish(path, REDIRECT + location);
    }

    public static String url(String path) {
        return baseUrl + path;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = DOCUMENTS.get(exchange.getRequestURI().getPath());
            if (body != null && body.startsWith(REDIRECT)) {
                exchange.getResponseHeaders().add("Location", body.substring(REDIRECT.length()));
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
                return;
            }
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        publish("/jwks", TestTokens.jwks());
        return Map.of("gatehouse.auth.jwks-url", baseUrl + "/jwks");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
