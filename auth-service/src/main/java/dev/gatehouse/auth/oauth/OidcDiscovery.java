package dev.gatehouse.auth.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.auth.login.LoginFailed;
import dev.gatehouse.common.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OIDC Discovery 1.0 documents of upstream issuers, cached. The document's {@code issuer} must be
 * the one we asked for (§4.3), and becomes the exact {@code iss} we expect in ID tokens.
 */
@ApplicationScoped
public class OidcDiscovery {

    private static final Duration CACHE_TTL = Duration.ofHours(1);

    @Inject
    UpstreamHttp http;

    @Inject
    Clock clock;

    private final Map<String, Cached> documents = new ConcurrentHashMap<>();

    public Endpoints endpoints(String issuer) {
        Instant now = Instant.now(clock);
        Cached cached = documents.get(issuer);
        if (cached != null && now.isBefore(cached.expiresAt)) {
            return cached.endpoints;
        }
        String base = Text.withoutTrailingSlashes(issuer);
        JsonNode document = http.getJson(base + "/.well-known/openid-configuration", "OIDC discovery");
        String declared = document.path("issuer").asText();
        if (!Text.withoutTrailingSlashes(declared).equals(base) && !MicrosoftIssuer.acceptsTemplate(issuer, declared)) {
            throw LoginFailed.invalidResponse("discovery issuer " + declared + " does not match " + issuer);
        }
        Endpoints endpoints = new Endpoints(declared,
                required(document, "authorization_endpoint"), required(document, "token_endpoint"),
                document.path("userinfo_endpoint").asText(null), required(document, "jwks_uri"));
        documents.put(issuer, new Cached(endpoints, now.plus(CACHE_TTL)));
        return endpoints;
    }

    private static String required(JsonNode document, String field) {
        String value = document.path(field).asText(null);
        if (value == null || value.isBlank()) {
            throw LoginFailed.invalidResponse("discovery document has no " + field);
        }
        return value;
    }

    public record Endpoints(String issuer, String authorizationEndpoint, String tokenEndpoint,
                            String userinfoEndpoint, String jwksUri) {
    }

    private record Cached(Endpoints endpoints, Instant expiresAt) {
    }
}
