package dev.gatehouse.tenant.accounts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.AuthServiceInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * auth-service holds second factors and sessions, and sends mail; this asks it about a user's factors and sessions,
 * ends or resets them, and has it mail invitations (its internal API, internal token). Who may is decided by the callers here, in tenant-service.
 */
@ApplicationScoped
public class AuthServiceAccounts {

    private static final Logger LOG = Logger.getLogger(AuthServiceAccounts.class);

    @Inject
    AuthServiceInternal authService;

    @Inject
    ObjectMapper json;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(25);

    public record Enrolled(boolean totp, int passkeys) {
    }

    public record Reset(boolean totpRemoved, long passkeysRemoved, long sessionsEnded) {
    }

    public Map<String, Enrolled> enrolled(List<String> userIds) {
        return call(request("/internal/factors")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("userIds", userIds)))), new TypeReference<>() { });
    }

    public Reset reset(String userId) {
        return call(request("/internal/factors/" + userId).DELETE(), new TypeReference<>() { });
    }

    /** The user's active sessions as auth-service describes them (no tokens). */
    public JsonNode sessions(String userId) {
        return call(request("/internal/sessions/" + userId).GET(), new TypeReference<>() { });
    }

    /** Ends one session of the user, or all when {@code sessionId} is null; how many ended. */
    public int endSessions(String userId, String sessionId) {
        JsonNode answer = call(request("/internal/sessions/" + userId
                + (sessionId == null ? "" : "/" + sessionId)).DELETE(), new TypeReference<>() { });
        return answer.path("ended").asInt();
    }

    /** Has auth-service mail an invitation, through the mail path (templates, SMTP) of sign-in by email. */
    public void sendInvitation(String email, String tenantName, String inviter, String link, String expires) {
        // auth-service gives SMTP two attempts of 4 s each; waiting less would report "not mailed" for a mail that
        // then goes out, and let a resend through the one-minute gap.
        call(request("/internal/mail/invitation").timeout(MAIL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("email", email, "tenantName", tenantName,
                        "inviter", inviter, "link", link, "expires", expires)))), new TypeReference<JsonNode>() { });
    }

    private HttpRequest.Builder request(String path) {
        return authService.request(authService.uri(path).orElseThrow(() -> new ApiException(503, "Service unavailable",
                "auth-service's internal URL is not configured")), CALL_TIMEOUT);
    }

    private <T> T call(HttpRequest.Builder request, TypeReference<T> type) {
        try {
            HttpResponse<String> answer = authService.send(request.header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                LOG.warnf("auth-service answered %d to %s", answer.statusCode(), answer.uri().getPath());
                throw new ApiException(502, "Bad gateway", "auth-service refused the call (HTTP " + answer.statusCode() + ")");
            }
            return answer.body().isBlank() ? null : json.readValue(answer.body(), type);
        } catch (IOException e) {
            throw new ApiException(503, "Service unavailable", "auth-service could not be reached; try again");
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
