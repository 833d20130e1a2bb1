package dev.gatehouse.auth.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.login.LoginFailed;
import dev.gatehouse.common.outbound.OutboundHttp;
import dev.gatehouse.common.outbound.OutboundPolicy;
import dev.gatehouse.common.outbound.OutboundRefused;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Calls to upstream providers (discovery, token, userinfo, JWKS) through the one outbound policy (common's
 * {@link OutboundHttp}): https and public addresses only unless configured for a local demo, each host resolved
 * once and connected to as checked, redirects checked again, timeouts, bounded answers.
 */
@ApplicationScoped
public class UpstreamHttp {

    private static final int MAX_BYTES = 512 * 1024;

    private final OutboundHttp http;
    private final ObjectMapper json;

    @Inject
    public UpstreamHttp(AuthConfig config, ObjectMapper json) {
        this.json = json;
        AuthConfig.Outbound outbound = config.outbound();
        this.http = new OutboundHttp(OutboundPolicy.of(outbound.allowHttp(), outbound.allowPrivateAddresses()),
                config.login().upstreamTimeout(), MAX_BYTES);
    }

    public JsonNode getJson(String url, String what) {
        return parse(call(() -> http.get(url, Map.of("Accept", "application/json")), what), what);
    }

    public JsonNode getJson(String url, String bearer, String what) {
        return parse(call(() -> http.get(url, Map.of("Accept", "application/json", "Authorization", "Bearer " + bearer)), what), what);
    }

    /** A form POST (RFC 6749 §4.1.3), with HTTP Basic client authentication when {@code basicUser} is set. */
    public JsonNode postForm(String url, Map<String, String> form, String basicUser, String basicPassword, String what) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        if (basicUser != null) {
            // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
            String credentials = encode(basicUser) + ":" + encode(basicPassword == null ? "" : basicPassword);
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return parse(call(() -> http.postForm(url, body, headers), what), what);
    }

    /** For nimbus's JWKS fetching, through the same policy; an answer other than 2xx is an error. */
    public ResourceRetriever resourceRetriever(String what) {
        return url -> {
            OutboundHttp.Answer answer;
            try {
                answer = http.get(url.toString(), Map.of("Accept", "application/json"));
            } catch (OutboundRefused e) {
                throw new IOException(what + " URL " + e.getMessage());
            }
            if (answer.status() / 100 != 2) {
                throw new IOException(what + " answered HTTP " + answer.status());
            }
            return new Resource(new String(answer.body(), StandardCharsets.UTF_8), answer.headers().get("content-type"));
        };
    }

    public URI checked(String url, String what) {
        try {
            return http.checkedUri(url);
        } catch (OutboundRefused e) {
            throw LoginFailed.invalidResponse(what + " URL " + e.getMessage());
        }
    }

    private interface Call {
        OutboundHttp.Answer run() throws IOException;
    }

    private static OutboundHttp.Answer call(Call call, String what) {
        try {
            return call.run();
        } catch (OutboundRefused e) {
            throw LoginFailed.invalidResponse(what + " URL " + e.getMessage());
        } catch (IOException e) {
            throw LoginFailed.invalidResponse(what + " call failed: " + e.getClass().getSimpleName());
        }
    }

    private JsonNode parse(OutboundHttp.Answer answer, String what) {
        JsonNode node;
        try {
            node = answer.body().length == 0 ? json.createObjectNode() : json.readTree(answer.body());
        } catch (IOException e) {
            throw LoginFailed.invalidResponse(what + " answer is not JSON (HTTP " + answer.status() + ")");
        }
        if (answer.status() / 100 != 2) {
            throw LoginFailed.invalidResponse(what + " answered HTTP " + answer.status()
                    + (node.has("error") ? " " + node.path("error").asText() : ""));
        }
        return node;
    }

    @PreDestroy
    void close() throws IOException {
        http.close();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
