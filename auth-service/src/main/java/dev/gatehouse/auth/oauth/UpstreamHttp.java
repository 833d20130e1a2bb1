package dev.gatehouse.auth.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.login.LoginFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.http.Get;
import org.jose4j.http.SimpleGet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Calls to upstream providers (discovery, token, userinfo, JWKS): https only (unless configured for a
 * local demo), timeouts, no redirects, bounded answers.
 */
@ApplicationScoped
public class UpstreamHttp {

    private static final int MAX_BYTES = 512 * 1024;

    private final HttpClient client;
    private final Duration timeout;
    private final boolean allowHttp;
    private final ObjectMapper json;

    @Inject
    public UpstreamHttp(AuthConfig config, ObjectMapper json) {
        this.timeout = config.login().upstreamTimeout();
        this.allowHttp = config.login().allowHttpUpstreams();
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public JsonNode getJson(String url, String what) {
        return send(HttpRequest.newBuilder(checked(url, what)).header("Accept", "application/json").GET(), what);
    }

    public JsonNode getJson(String url, String bearer, String what) {
        return send(HttpRequest.newBuilder(checked(url, what)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer).GET(), what);
    }

    /** A form POST (RFC 6749 §4.1.3), with HTTP Basic client authentication when {@code basicUser} is set. */
    public JsonNode postForm(String url, Map<String, String> form, String basicUser, String basicPassword, String what) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(checked(url, what))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basicUser != null) {
            // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
            String credentials = encode(basicUser) + ":" + encode(basicPassword == null ? "" : basicPassword);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return send(request, what);
    }

    /** For jose4j's JWKS fetching, with our timeouts. */
    public SimpleGet simpleGet() {
        Get get = new Get();
        get.setConnectTimeout((int) timeout.toMillis());
        get.setReadTimeout((int) timeout.toMillis());
        get.setResponseBodySizeLimit(MAX_BYTES);
        return location -> get.get(checked(location, "JWKS").toString());
    }

    public URI checked(String url, String what) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw LoginFailed.invalidResponse(what + " URL is not a URL: " + url);
        }
        boolean https = "https".equals(uri.getScheme());
        if (!https && !(allowHttp && "http".equals(uri.getScheme()))) {
            throw LoginFailed.invalidResponse(what + " URL must use https: " + url);
        }
        return uri;
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<InputStream> response = client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream body = response.body()) {
                bytes = body.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw LoginFailed.invalidResponse(what + " answer is too large");
            }
            JsonNode node = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
            if (response.statusCode() / 100 != 2) {
                throw LoginFailed.invalidResponse(what + " answered HTTP " + response.statusCode()
                        + (node.has("error") ? " " + node.path("error").asText() : ""));
            }
            return node;
        } catch (IOException e) {
            throw LoginFailed.invalidResponse(what + " call failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LoginFailed.invalidResponse(what + " call was interrupted");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
