package dev.gatehouse.auth.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub's OAuth web flow and user API as GitHub documents them (authorize, access_token with PKCE,
 * /user, /user/emails), on a loopback port: github.com is out of reach here. Configured through the same
 * settings as GitHub Enterprise Server. The next sign-in's account is chosen by {@link #nextUser}.
 */
public class GitHubStandIn implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, String> CHALLENGES = new ConcurrentHashMap<>();
    private static volatile Map<String, Object> nextUser = Map.of();
    private HttpServer server;

    /** The account GitHub will report: numeric id, login, name, and one email with its flags. */
    public static void nextUser(long id, String login, String email, boolean primary, boolean verified) {
        nextUser = Map.of("id", id, "login", login, "email", email, "primary", primary, "verified", verified);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/login/oauth/authorize", exchange -> {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            String code = UUID.randomUUID().toString();
            CHALLENGES.put(code, query.get("code_challenge"));
            exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state=" + query.get("state"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/login/oauth/access_token", exchange -> {
            Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String challenge = CHALLENGES.remove(body.getOrDefault("code", ""));
            if (challenge == null || !challenge.equals(s256(body.getOrDefault("code_verifier", "")))) {
                json(exchange, 200, "{\"error\":\"bad_verification_code\"}");
                return;
            }
            json(exchange, 200, "{\"access_token\":\"gho_test\",\"token_type\":\"bearer\"}");
        });
        server.createContext("/api/user", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/emails")) {
                json(exchange, 200, "[{\"email\":\"" + nextUser.get("email") + "\",\"primary\":" + nextUser.get("primary")
                        + ",\"verified\":" + nextUser.get("verified") + "}]");
            } else {
                json(exchange, 200, "{\"id\":" + nextUser.get("id") + ",\"login\":\"" + nextUser.get("login")
                        + "\",\"name\":\"" + nextUser.get("login") + "\"}");
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("gatehouse.oauth-providers.github.client-id", "github-client",
                "gatehouse.oauth-providers.github.client-secret", "github-secret",
                "gatehouse.oauth-providers.github.github-url", url,
                "gatehouse.oauth-providers.github.github-api-url", url + "/api");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
