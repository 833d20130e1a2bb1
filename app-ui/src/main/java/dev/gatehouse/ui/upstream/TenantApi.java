package dev.gatehouse.ui.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.common.Text;
import dev.gatehouse.ui.UiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * tenant-service's management API, called with the signed-in admin's session JWT or a setup link, so that
 * tenant-service, not this app, decides what the caller may do.
 */
@ApplicationScoped
public class TenantApi {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    UiConfig config;

    @Inject
    ObjectMapper json;

    public JsonNode get(String credential, String path) {
        return send(credential, "GET", path, null);
    }

    public JsonNode put(String credential, String path, Object body) {
        return send(credential, "PUT", path, body);
    }

    public JsonNode post(String credential, String path, Object body) {
        return send(credential, "POST", path, body);
    }

    public JsonNode delete(String credential, String path) {
        return send(credential, "DELETE", path, null);
    }

    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String credential, String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Text.withoutTrailingSlashes(config.tenantService().url()) + path))
                    .timeout(Duration.ofSeconds(15))
                    .header("Accept", "application/json");
            if (credential != null) {
                request.header("Authorization", "Bearer " + credential);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new Refused(response.statusCode(), answer.path("detail").asText("tenant-service refused the request"));
            }
            return answer;
        } catch (IOException e) {
            throw new Refused(503, "the tenant directory is unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(503, "interrupted");
        }
    }

    /** tenant-service said no; the detail is shown next to the field that caused it. */
    public static class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String detail) {
            super(detail);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
