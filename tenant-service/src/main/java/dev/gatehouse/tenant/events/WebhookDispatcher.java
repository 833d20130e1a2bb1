package dev.gatehouse.tenant.events;

import dev.gatehouse.common.Jdbc;
import dev.gatehouse.common.outbound.OutboundHttp;
import dev.gatehouse.common.outbound.OutboundPolicy;
import dev.gatehouse.common.outbound.OutboundRefused;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Database;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    Database db;

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
            List<Due> due = db.list("""
                    select d.id, d.endpoint_id, d.attempts, e.id as event_id, e.payload, e.occurred_at
                    from webhook_delivery d join event e on e.seq = d.event_seq
                    join webhook_endpoint w on w.id = d.endpoint_id and w.enabled
                    where d.status = 'pending' and d.next_attempt_at <= ?
                      and not exists (select 1 from webhook_delivery p
                                      where p.endpoint_id = d.endpoint_id and p.user_id = d.user_id
                                        and p.status = 'pending' and p.event_seq < d.event_seq)
                    order by d.event_seq limit ?
                    for update of d skip locked""", row -> new Due(row.getLong(1), row.getString(2), row.getInt(3),
                    row.getString(4), row.getString(5), Jdbc.instant(row.getTimestamp(6))), now, BATCH);
            if (!due.isEmpty()) {
                // Leased: another replica (or the next run) leaves them alone until this attempt has had its time.
                db.update("update webhook_delivery set next_attempt_at = ? where id = any(?::bigint[])",
                        now.plus(settings.timeout().multipliedBy(3)),
                        due.stream().map(d -> Long.toString(d.deliveryId())).toList());
            }
            return due;
        });
    }

    private void attempt(Due due) {
        WebhookEndpoint endpoint = QuarkusTransaction.requiringNew().call(
                () -> endpoints.find(due.endpointId()).orElse(null));
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
        QuarkusTransaction.requiringNew().run(() -> db.update("""
                update webhook_delivery set status = ?, attempts = ?, next_attempt_at = ?, last_attempt_at = ?,
                last_status = ?, last_error = ?, delivered_at = ? where id = ?""", finalStatus, attempts, finalNext, now,
                status, finalError, finalStatus.equals("delivered") ? now : null, due.deliveryId()));
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
