package dev.gatehouse.tenant.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.tenant.common.AuthServiceInternal;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Tells auth-service whose cached claims to forget ({@code POST /internal/claims/invalidate}), right after the
 * change commits, so that the change counts from the next refresh. A call that fails is tried again every few
 * seconds for two minutes; meanwhile auth-service's own bound ({@code gatehouse.claims.fresh-for}, 5 s) holds.
 */
@ApplicationScoped
public class AuthServiceNotifier {

    private static final Logger LOG = Logger.getLogger(AuthServiceNotifier.class);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

    @Inject
    AuthServiceInternal authService;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private final Queue<Invalidation> failed = new ConcurrentLinkedQueue<>();

    void invalidate(Collection<String> userIds, boolean everyone) {
        Invalidation invalidation = new Invalidation(List.copyOf(userIds), everyone, Instant.now(clock));
        if (!send(invalidation)) {
            failed.add(invalidation);
        }
    }

    @Scheduled(every = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryFailed() {
        int pending = failed.size();
        for (int i = 0; i < pending; i++) {
            Invalidation invalidation = failed.poll();
            if (invalidation == null) {
                return;
            }
            if (invalidation.at().plus(GIVE_UP_AFTER).isBefore(Instant.now(clock))) {
                LOG.warnf("gave up telling auth-service that the claims of %s changed; its %s bound applies",
                        invalidation.everyone() ? "everyone" : invalidation.userIds(), "fresh-for");
            } else if (!send(invalidation)) {
                failed.add(invalidation);
            }
        }
    }

    private boolean send(Invalidation invalidation) {
        Optional<URI> uri = authService.uri("/internal/claims/invalidate");
        if (uri.isEmpty()) {
            return true;
        }
        try {
            String body = json.writeValueAsString(invalidation.everyone()
                    ? Map.of("everyone", true) : Map.of("userIds", invalidation.userIds()));
            HttpRequest request = authService.request(uri.get(), Duration.ofSeconds(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            int status = authService.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                return true;
            }
            LOG.warnf("auth-service refused a claims invalidation with %d; trying again", status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            LOG.warnf("could not tell auth-service that claims changed (%s); trying again", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private record Invalidation(List<String> userIds, boolean everyone, Instant at) {
    }
}
