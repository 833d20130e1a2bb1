package dev.gatehouse.tenant.events;

import dev.gatehouse.common.SqlTimes;
import dev.gatehouse.common.outbound.OutboundHttp;
import dev.gatehouse.common.outbound.OutboundPolicy;
import dev.gatehouse.common.outbound.OutboundRefused;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers the outbox to webhook endpoints, at least once. Due deliveries are claimed with {@code skip locked} (so
 * replicas share the work) and leased for a while, sent outside any transaction through the outbound policy, then
 * marked delivered, or retried with exponential backoff until {@code gatehouse.webhooks.retry-for} after the
 * event, then dead (a manual redelivery revives them). A user's events reach an endpoint in order: a delivery
 * waits while an earlier pending one for the same user and endpoint exists. Every attempt of an event carries the
 * same {@code webhook-id}, the event id, for receivers to drop duplicates. A disabled endpoint's deliveries wait
 * (paused, not lost) until it is enabled again.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 20;

    private final OutboundHttp http;
    private final TenantServiceConfig.Webhooks settings;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    public WebhookDispatcher(TenantServiceConfig config) {
        TenantServiceConfig.Outbound outbound = config.outbound();
        this.settings = config.webhooks();
        this.http = new OutboundHttp(OutboundPolicy.of(outbound.allowHttp(), outbound.allowPrivateAddresses()),
                settings.timeout(), 64 * 1024);
    }

    /** The endpoint URL under the outbound policy: https (http only where allowed), no credentials in it. */
    String checkedUrl(String url) {
        try {
            return http.checkedUri(url).toString();
        } catch (OutboundRefused e) {
            throw ApiException.badRequest("webhook URL " + e.getMessage());
        }
    }

    @Scheduled(every = "${gatehouse.webhooks.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatch() {
        List<Due> due;
        do {
            due = claim();
            due.forEach(this::attempt);
        } while (due.size() == BATCH);
    }

    private record Due(long deliveryId, String endpointId, int attempts, String eventId, String payload,
                       Instant occurredAt) {
    }

    private List<Due> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now(clock);
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                            select d.id, d.endpoint_id, d.attempts, e.id as event_id, e.payload, e.occurred_at
                            from webhook_delivery d join event e on e.seq = d.event_seq
                            join webhook_endpoint w on w.id = d.endpoint_id and w.enabled
                            where d.status = 'pending' and d.next_attempt_at <= ?1
                              and not exists (select 1 from webhook_delivery p
                                              where p.endpoint_id = d.endpoint_id and p.user_id = d.user_id
                                                and p.status = 'pending' and p.event_seq < d.event_seq)
                            order by d.event_seq limit ?2
                            for update of d skip locked""")
                    .setParameter(1, now).setParameter(2, BATCH).getResultList();
            List<Due> due = rows.stream().map(r -> new Due(((Number) r[0]).longValue(), (String) r[1],
                    ((Number) r[2]).intValue(), (String) r[3], (String) r[4], SqlTimes.instant(r[5]))).toList();
            if (!due.isEmpty()) {
                // Leased: another replica (or the next run) leaves them alone until this attempt has had its time.
                em.createNativeQuery("update webhook_delivery set next_attempt_at = ?1 where id in (?2)")
                        .setParameter(1, now.plus(settings.timeout().multipliedBy(3)))
                        .setParameter(2, due.stream().map(Due::deliveryId).toList()).executeUpdate();
            }
            return due;
        });
    }

    private void attempt(Due due) {
        WebhookEndpoint endpoint = QuarkusTransaction.requiringNew().call(
                () -> WebhookEndpoint.<WebhookEndpoint>findById(due.endpointId()));
        if (endpoint == null) {
            return;
        }
        Instant now = Instant.now(clock);
        long timestamp = now.getEpochSecond();
        Integer status = null;
        String error;
        try {
            OutboundHttp.Answer answer = http.postJson(endpoint.url, due.payload(), Map.of(
                    "webhook-id", due.eventId(),
                    "webhook-timestamp", Long.toString(timestamp),
                    "webhook-signature", WebhookSignature.header(endpoints.signingSecrets(endpoint, now), due.eventId(),
                            timestamp, due.payload()),
                    "User-Agent", "Gatehouse-Webhooks/1"));
            status = answer.status();
            error = status / 100 == 2 ? null : "the endpoint answered HTTP " + status;
        } catch (OutboundRefused e) {
            error = "refused by the outbound policy: " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        record(due, status, error, now);
    }

    private void record(Due due, Integer status, String error, Instant now) {
        int attempts = due.attempts() + 1;
        String next;
        Instant nextAttempt = now;
        if (error == null) {
            next = "delivered";
        } else if (now.isAfter(due.occurredAt().plus(settings.retryFor()))) {
            next = "dead";
            LOG.warnf("webhook delivery %d of event %s is dead after %d attempts: %s", due.deliveryId(), due.eventId(),
                    attempts, error);
        } else {
            next = "pending";
            nextAttempt = now.plus(backoff(attempts));
        }
        String finalStatus = next;
        Instant finalNext = nextAttempt;
        String finalError = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        update webhook_delivery set status = ?1, attempts = ?2, next_attempt_at = ?3, last_attempt_at = ?4,
                        last_status = ?5, last_error = ?6, delivered_at = ?7 where id = ?8""")
                .setParameter(1, finalStatus).setParameter(2, attempts).setParameter(3, finalNext).setParameter(4, now)
                .setParameter(5, status).setParameter(6, finalError)
                .setParameter(7, finalStatus.equals("delivered") ? now : null).setParameter(8, due.deliveryId())
                .executeUpdate());
    }

    /** first-retry-delay × 2^(attempts−1), at most max-retry-delay, plus up to 10 % jitter. */
    private Duration backoff(int attempts) {
        Duration delay = settings.firstRetryDelay().multipliedBy(1L << Math.min(attempts - 1, 20));
        if (delay.compareTo(settings.maxRetryDelay()) > 0) {
            delay = settings.maxRetryDelay();
        }
        return delay.plusMillis(ThreadLocalRandom.current().nextLong(delay.toMillis() / 10 + 1));
    }

    @PreDestroy
    void close() throws IOException {
        http.close();
    }
}
