package dev.gatehouse.ui.bench;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.ui.session.SessionVerifier;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What app-ui does for every signed-in page: verify the session JWT ({@link SessionVerifier}, the JWKS cached
 * after the first fetch) and read the visitor from it. Issue #14's goal: at least 10,000 per second per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionVerificationBenchmark {

    static final String PROJECT_ID = "PgatehouseDemoProjectId00001";

    @Param({"RS256", "ES256"})
    public String algorithm;

    private HttpServer jwks;
    private SessionVerifier verifier;
    private String token;

    @Setup
    public void setUp() throws Exception {
        KeyPair pair = generate(algorithm);
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
        jwk.setKeyId("bench-" + algorithm);
        jwk.setAlgorithm(algorithm);
        byte[] body = ("{\"keys\":[" + jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}").getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/oauth2/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        String authUrl = "http://127.0.0.1:" + jwks.getAddress().getPort();
        verifier = new SessionVerifier(new DefaultJWTParser(contextInfo(authUrl)));

        JwtClaims claims = new JwtClaims();
        claims.setIssuer(authUrl + "/" + PROJECT_ID);
        claims.setAudience(PROJECT_ID);
        claims.setSubject("U2bench000000000000000000");
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 3600));
        claims.setClaim("sid", "S2bench000000000000000000");
        claims.setClaim("drn", "DS");
        claims.setClaim("name", "Bench User");
        claims.setClaim("email", "bench@example.org");
        claims.setClaim("tenants", Map.of("acme", Map.of("roles", List.of("Tenant Admin"), "permissions", List.of())));
        claims.setClaim("dct", "acme");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKeyIdHeaderValue(jwk.getKeyId());
        jws.setKey(pair.getPrivate());
        token = jws.getCompactSerialization();
        if (verifier.verify(token).state() != SessionVerifier.Result.State.VALID) {
            throw new IllegalStateException("the benchmark's token does not verify");
        }
    }

    @TearDown
    public void tearDown() {
        jwks.stop(0);
    }

    @Benchmark
    public SessionVerifier.Result verify() {
        return verifier.verify(token);
    }

    private static KeyPair generate(String algorithm) throws Exception {
        if ("ES256".equals(algorithm)) {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            return ec.generateKeyPair();
        }
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return rsa.generateKeyPair();
    }

    /** app-ui's mp.jwt and smallrye.jwt settings (application.properties) for this JWKS. */
    private static JWTAuthContextInfo contextInfo(String authUrl) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(authUrl + "/oauth2/jwks", authUrl + "/" + PROJECT_ID);
        info.setExpectedAudience(Set.of(PROJECT_ID));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256));
        info.setClockSkew(5);
        info.setRequiredClaims(Set.of("sub"));
        info.setJwksRefreshInterval(5);
        info.setForcedJwksRefreshInterval(1);
        return info;
    }
}
