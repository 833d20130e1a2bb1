package dev.gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends every operation of a service's own OpenAPI document malformed path parameters, query parameters,
 * bodies, encodings and credentials, and collects each answer in the 5xx range. Bad input must get a clear
 * 4xx (design.md §7), never a server error; this finds the endpoints that forget.
 */
public final class OpenApiSweep {

    /** Path and query values that have broken parsers, databases or decoders somewhere. */
    static final List<String> HOSTILE_VALUES = List.of("%25%25%25", "%00", "..%2F..%2Fetc%2Fpasswd", "x".repeat(3000),
            "%F0%28%8C%28", "%C0%AE", "-1", "9999999999999999999999", "%7B%7D", "'%20or%201=1--");

    /** Bodies as the wrong shape, as broken JSON, as broken form encoding, as nothing. */
    static final List<Body> HOSTILE_BODIES = List.of(
            new Body("application/json", "{"),
            new Body("application/json", "[]"),
            new Body("application/json", "\"just a string\""),
            new Body("application/json", "{\"code\":[],\"tenant\":{},\"name\":123456789012345678901234567890,\"email\":null}"),
            new Body("application/json", "{\"x\":\"" + "y".repeat(200_000) + "\"}"),
            new Body("application/json", ""),
            new Body("application/json", "{\"name\":\"a\\u0000b\",\"email\":\"a\\u0000@b.example\",\"code\":\"\\u0000\"}"),
            new Body("application/x-www-form-urlencoded", "SAMLResponse=%%%&RelayState=%%%"),
            new Body("application/x-www-form-urlencoded", "SAMLResponse=" + "%E0%A4%A".repeat(10) + "&RelayState=%00"),
            new Body("application/x-www-form-urlencoded", "%"),
            new Body("text/plain", "\u0000\u0001garbage"),
            new Body("application/xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));

    record Body(String contentType, String content) {
    }

    private final String baseUrl;
    private final Map<String, String> headers;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> serverErrors = new ArrayList<>();

    private OpenApiSweep(String baseUrl, Map<String, String> headers) {
        // A literal address: resolving "localhost" again and again is not what is being tested.
        this.baseUrl = baseUrl.replaceAll("/+$", "").replace("//localhost:", "//127.0.0.1:");
        this.headers = headers;
    }

    /** Sweeps a service that takes no Authorization header (app-ui's pages use cookies). */
    public static List<String> serverErrorsWithoutCredentials(String baseUrl) {
        return new OpenApiSweep(baseUrl, Map.of()).sweep();
    }

    /**
     * Sweeps every operation of {@code <baseUrl>/q/openapi} once without credentials, once with hostile ones,
     * and once with each of {@code credentials} (header values of Authorization). Returns one line per 5xx.
     */
    public static List<String> serverErrors(String baseUrl, List<String> credentials) {
        List<String> found = new ArrayList<>();
        List<String> authorizations = new ArrayList<>();
        authorizations.add(null);
        authorizations.add("Bearer %%%");
        authorizations.add("Bearer " + "A".repeat(10_000));
        authorizations.add("Basic Og==");
        authorizations.addAll(credentials);
        for (String authorization : authorizations) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (authorization != null) {
                headers.put("Authorization", authorization);
            }
            found.addAll(new OpenApiSweep(baseUrl, headers).sweep());
        }
        return found;
    }

    private List<String> sweep() {
        JsonNode paths = openApi().path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                sweepOperation(method, path.getKey(), op.getValue());
            }
        }
        return serverErrors;
    }

    private void sweepOperation(String method, String template, JsonNode operation) {
        List<String> queryNames = new ArrayList<>();
        operation.path("parameters").forEach(p -> {
            if ("query".equals(p.path("in").asText())) {
                queryNames.add(p.path("name").asText());
            }
        });
        for (String value : HOSTILE_VALUES) {
            String path = template.replaceAll("\\{[^}]+}", value);
            StringBuilder query = new StringBuilder();
            for (String name : queryNames) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value);
            }
            send(method, path + query, null);
        }
        String plainPath = template.replaceAll("\\{[^}]+}", "x");
        if (!method.equals("GET") && !method.equals("DELETE")) {
            for (Body body : HOSTILE_BODIES) {
                send(method, plainPath, body);
            }
        }
    }

    private void send(String method, String pathAndQuery, Body body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(15));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", body.contentType());
            request.method(method, HttpRequest.BodyPublishers.ofString(body.content()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = sendOnce(request.build(), true);
            if (response.statusCode() >= 500) {
                String shown = pathAndQuery.length() > 120 ? pathAndQuery.substring(0, 120) + "…" : pathAndQuery;
                serverErrors.add(response.statusCode() + " " + method + " " + shown
                        + (body == null ? "" : " [" + body.contentType() + " " + abbreviate(body.content()) + "]")
                        + (headers.isEmpty() ? "" : " [auth " + abbreviate(headers.get("Authorization")) + "]")
                        + " -> " + abbreviate(response.body()));
            }
        } catch (IOException e) {
            serverErrors.add("connection failed: " + method + " " + pathAndQuery + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A pooled connection the server closed after its last answer fails at once; one retry opens a new one. */
    private HttpResponse<String> sendOnce(HttpRequest request, boolean retry) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (retry) {
                return sendOnce(request, false);
            }
            throw e;
        }
    }

    private JsonNode openApi() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json"))
                            .timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + baseUrl + "/q/openapi", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 80 ? flat.substring(0, 80) + "…" : flat;
    }
}
