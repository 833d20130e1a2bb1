package dev.gatehouse.ui.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * auth-service and tenant-service as app-ui's rendering tests see them, on a loopback port: a JWKS of a test
 * key, refresh (refresh tokens here are opaque test strings {@code refresh:<user>:<admin>}), logout, and the
 * few tenant-service answers the SSO page reads. The real services are exercised by the browser tests.
 */
public class AuthPeer implements QuarkusTestResourceLifecycleManager {

    public static final String PROJECT_ID = "PgatehouseDemoProjectId00001";
    public static final String ISSUER = "http://localhost:8081/" + PROJECT_ID;
    private static final RsaJsonWebKey KEY = generate("ui-test-key");
    /** A second key, for rotation and revocation: published only while {@link #publishKeys} says so. */
    public static final RsaJsonWebKey OTHER_KEY = generate("ui-other-key");
    private static volatile List<RsaJsonWebKey> published = List.of(KEY);
    /** The JWKS's Cache-Control max-age in seconds: auth-service sends five minutes; tests of key removal less. */
    public static volatile int jwksMaxAgeSeconds = 300;
    /** How many times the JWKS was fetched. */
    public static final java.util.concurrent.atomic.AtomicInteger JWKS_FETCHES = new java.util.concurrent.atomic.AtomicInteger();
    /** X-Forwarded-For of every login start, newest last. */
    public static final List<String> FORWARDED_FOR = new CopyOnWriteArrayList<>();
    /** User-Agent headers that reached the session list (app-ui forwards its visitor's). */
    public static final List<String> USER_AGENTS = new CopyOnWriteArrayList<>();
    /** Codes that reached the exchange endpoint. */
    public static final List<String> EXCHANGED = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** Which keys the JWKS lists from now on; {@code publishKeys(KEY)} restores the start. */
    public static void publishKeys(RsaJsonWebKey... keys) {
        published = List.of(keys);
    }

    public static RsaJsonWebKey mainKey() {
        return KEY;
    }

    public static String session(String userId, boolean admin, Consumer<JwtClaims> adjust) {
        return session(userId, admin, adjust, KEY);
    }

    public static String session(String userId, boolean admin, Consumer<JwtClaims> adjust, RsaJsonWebKey key) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(PROJECT_ID);
        claims.setSubject(userId);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setClaim("auth_time", NumericDate.now().getValue());
        claims.setClaim("drn", "DS");
        claims.setClaim("name", "Alice Example");
        claims.setClaim("email", "alice@acme.test");
        claims.setClaim("dct", "acme");
        claims.setClaim("tenants", Map.of("acme", Map.of("roles", admin ? List.of("Tenant Admin") : List.of(), "permissions", List.of())));
        adjust.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one invitation token the stand-in knows as pending (for alice@acme.test, into acme). */
    public static final String INVITATION = "inv1tation-token-0123456789abcdef0123456789abc";

    public static String session(String userId, boolean admin) {
        return session(userId, admin, c -> { });
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/oauth2/jwks", exchange -> {
            JWKS_FETCHES.incrementAndGet();
            exchange.getResponseHeaders().add("Cache-Control", "public, max-age=" + jwksMaxAgeSeconds);
            answer(exchange, 200, new JsonWebKeySet(published.toArray(RsaJsonWebKey[]::new)).toJson());
        });
        server.createContext("/v1/auth/oauth/authorize", AuthPeer::loginStart);
        server.createContext("/v1/auth/sso/authorize", AuthPeer::loginStart);
        server.createContext("/v1/auth/oauth/exchange", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String code = body.replaceAll(".*\"code\"\\s*:\\s*\"([^\"]*)\".*", "$1");
            EXCHANGED.add(code);
            String user = code.replace("code-for:", "");
            answer(exchange, 200, "{\"sessionJwt\":\"" + session(user, false) + "\",\"refreshJwt\":\"refresh:" + user
                    + ":false\",\"cookieMaxAge\":3600}");
        });
        server.createContext("/v1/auth/refresh", exchange -> {
            String bearer = exchange.getRequestHeaders().getFirst("Authorization");
            if (("Bearer " + PROJECT_ID + ":refresh:throttled").equals(bearer)) {
                exchange.getResponseHeaders().add("Retry-After", "17");
                answer(exchange, 429, "{\"detail\":\"too many requests\"}");
                return;
            }
            if (("Bearer " + PROJECT_ID + ":refresh:down").equals(bearer)) {
                answer(exchange, 503, "{\"detail\":\"the user directory is unavailable\"}");
                return;
            }
            String prefix = "Bearer " + PROJECT_ID + ":refresh:";
            if (bearer == null || !bearer.startsWith(prefix)) {
                answer(exchange, 401, "{\"detail\":\"refresh refused\"}");
                return;
            }
            String[] parts = bearer.substring(prefix.length()).split(":");
            answer(exchange, 200, "{\"sessionJwt\":\"" + session(parts[0], Boolean.parseBoolean(parts[1]))
                    + "\",\"refreshJwt\":\"refresh:" + parts[0] + ":" + parts[1] + "\",\"cookieMaxAge\":3600}");
        });
        server.createContext("/v1/auth/logout", exchange -> answer(exchange, 200, "{}"));
        server.createContext("/v1/auth/sessions", exchange -> {
            USER_AGENTS.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            answer(exchange, 200, "{\"sessions\":[{\"id\":\"S-here\",\"current\":true,\"methods\":[\"oauth\"],"
                    + "\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0\",\"clientAddress\":\"203.0.113.7\","
                    + "\"createdAt\":\"2026-12-01T09:30:00Z\",\"lastRefreshAt\":\"2026-12-02T08:00:00Z\"},"
                    + "{\"id\":\"S-phone\",\"current\":false,\"methods\":[\"otp\",\"totp\"],"
                    + "\"userAgent\":\"Mozilla/5.0 (iPhone) Safari/605.1\",\"clientAddress\":\"198.51.100.9\","
                    + "\"createdAt\":\"2026-11-30T18:00:00Z\"}]}");
        });
        server.createContext("/v1/mgmt/roles", exchange -> answer(exchange, 200, "[{\"name\":\"Tenant Admin\"}]"));
        server.createContext("/v1/mgmt/tenants/acme", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/scim/tokens") && "POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 201, "{\"token\":{\"id\":\"st_new\"},\"secret\":\"scim_s3cr3t-shown-once\","
                        + "\"baseUrl\":\"http://localhost:8082/scim/v2/acme\"}");
            } else if (path.endsWith("/scim/tokens")) {
                answer(exchange, 200, "{\"baseUrl\":\"http://localhost:8082/scim/v2/acme\",\"tokens\":[{\"id\":\"st_old\","
                        + "\"createdAt\":\"2026-12-01T10:00:00.5Z\",\"lastUsedAt\":null,\"revokedAt\":null}]}");
            } else if (path.endsWith("/sign-in-events")) {
                answer(exchange, 200, "{\"items\":[{\"id\":2,\"time\":\"2026-12-02T10:00:00.123Z\",\"outcome\":\"failure\","
                        + "\"method\":\"saml\",\"reason\":\"signature algorithm rsa-sha1 is not allowed\","
                        + "\"plainWords\":\"The IdP signed the answer with an algorithm we refuse as weak.\","
                        + "\"whatToChange\":\"Set the signature algorithm to RSA-SHA256.\"},"
                        + "{\"id\":1,\"time\":\"2026-12-02T09:00:00Z\",\"outcome\":\"success\",\"userId\":\"U1\","
                        + "\"userEmail\":\"bob@acme.test\",\"method\":\"saml:okta\"}],\"page\":0,\"size\":25,\"total\":2}");
            } else if (path.endsWith("/sso/sp")) {
                answer(exchange, 200, "{\"acsUrl\":\"http://localhost:8081/saml/acs/acme\",\"entityId\":\"http://localhost:8081/saml/metadata/acme\","
                        + "\"metadataUrl\":\"http://localhost:8081/saml/metadata/acme\"}");
            } else if (path.endsWith("/sso")) {
                answer(exchange, 404, "{\"detail\":\"tenant acme has no SSO connection\"}");
            } else {
                answer(exchange, 200, "{\"id\":\"acme\",\"name\":\"Acme\",\"domains\":[\"acme.test\"]}");
            }
        });
        server.createContext("/v1/invitations/preview", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains(INVITATION)) {
                answer(exchange, 200, "{\"tenantId\":\"acme\",\"tenantName\":\"Acme\",\"email\":\"alice@acme.test\","
                        + "\"expiresAt\":\"2026-12-09T10:00:00Z\",\"ssoRequired\":false}");
            } else {
                answer(exchange, 410, "{\"detail\":\"this invitation was revoked; ask the tenant's admin for a new one\"}");
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("gatehouse.auth.internal-url", url, "gatehouse.tenant-service.url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void loginStart(HttpExchange exchange) throws IOException {
        FORWARDED_FOR.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Forwarded-For")));
        String query = exchange.getRequestURI().getRawQuery();
        String redirect = query.replaceAll(".*redirectURL=([^&]*).*", "$1");
        answer(exchange, 200, "{\"url\":\"https://idp.example/authorize?redirect_uri=" + redirect + "\"}");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static RsaJsonWebKey generate(String kid) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(kid);
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
