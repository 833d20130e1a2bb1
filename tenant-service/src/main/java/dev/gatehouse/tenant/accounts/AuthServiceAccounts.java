package dev.gatehouse.tenant.factors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** auth-service holds second factors; this asks it about them and resets them (internal API, internal token). */
@ApplicationScoped
public class AuthServiceFactors {

    private static final Logger LOG = Logger.getLogger(AuthServiceFactors.class);

    @Inject
    TenantServiceConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public record Enrolled(boolean totp, int passkeys) {
    }

    public record Reset(boolean totpRemoved, long passkeysRemoved, long sessionsEnded) {
    }

    public Map<String, Enrolled> enrolled(List<String> userIds) {
        return call(HttpRequest.newBuilder(uri("/internal/factors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("userIds", userIds)))), new TypeReference<>() { });
    }

    public Reset reset(String userId) {
        return call(HttpRequest.newBuilder(uri("/internal/factors/" + userId)).DELETE(), new TypeReference<>() { });
    }

    private URI uri(String path) {
        String base = config.auth().internalUrl().filter(url -> !url.isBlank())
                .orElseThrow(() -> new ApiException(503, "Service unavailable", "auth-service's internal URL is not configured"));
        return URI.create(base.replaceAll("/+$", "") + path);
    }

    private <T> T call(HttpRequest.Builder request, TypeReference<T> type) {
        try {
            HttpResponse<String> answer = http.send(request.timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + config.internalToken()).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                LOG.warnf("auth-service answered %d to a second-factor call", answer.statusCode());
                throw new ApiException(502, "Bad gateway", "auth-service refused the second-factor call (HTTP " + answer.statusCode() + ")");
            }
            return json.readValue(answer.body(), type);
        } catch (IOException e) {
            throw new ApiException(503, "Service unavailable", "auth-service could not be reached for second factors; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Service unavailable", "interrupted");
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
