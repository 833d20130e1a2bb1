package dev.gatehouse.tenant.events;

import dev.gatehouse.common.Secrets;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.SecretBox;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The project's webhook endpoints: managed by project admins only, since they receive every tenant's events. */
@ApplicationScoped
@Transactional
public class WebhookEndpoints {

    @Inject
    Database db;

    @Inject
    Clock clock;

    @Inject
    SecretBox secretBox;

    @Inject
    AuditLog auditLog;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    TenantServiceConfig config;

    public record Created(WebhookEndpoint endpoint, String secret) {
    }

    public Created create(Caller caller, String url, List<String> types, String description, boolean enabled) {
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.id = Secrets.newId("wh_");
        String secret = WebhookSignature.newSecret();
        endpoint.secret = secretBox.seal(secret);
        endpoint.createdAt = Instant.now(clock);
        apply(endpoint, url, types, description, enabled);
        db.update("insert into webhook_endpoint (" + WebhookEndpoint.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                endpoint.id, endpoint.url, endpoint.description, endpoint.eventTypes, endpoint.secret,
                endpoint.previousSecret, endpoint.previousSecretUntil, endpoint.enabled, endpoint.createdAt,
                endpoint.updatedAt);
        auditLog.success(caller, "webhook.create", null, endpoint.id);
        return new Created(endpoint, secret);
    }

    public WebhookEndpoint update(Caller caller, String id, String url, List<String> types, String description,
                                 boolean enabled) {
        WebhookEndpoint endpoint = require(id);
        apply(endpoint, url, types, description, enabled);
        db.update("""
                update webhook_endpoint set url = ?, event_types = ?, description = ?, enabled = ?, updated_at = ?
                where id = ?""", endpoint.url, endpoint.eventTypes, endpoint.description, endpoint.enabled, endpoint.updatedAt, id);
        auditLog.success(caller, "webhook.update", null, id);
        return endpoint;
    }

    public void delete(Caller caller, String id) {
        if (db.update("delete from webhook_endpoint where id = ?", id) == 0) {
            throw notFound(id);
        }
        auditLog.success(caller, "webhook.delete", null, id);
    }

    /** A new secret; the previous one keeps signing beside it for the configured grace, so receivers can switch. */
    public String rotateSecret(Caller caller, String id) {
        WebhookEndpoint endpoint = require(id);
        String secret = WebhookSignature.newSecret();
        endpoint.previousSecret = endpoint.secret;
        endpoint.previousSecretUntil = Instant.now(clock).plus(config.webhooks().previousSecretGrace());
        endpoint.secret = secretBox.seal(secret);
        endpoint.updatedAt = Instant.now(clock);
        db.update("""
                update webhook_endpoint set secret = ?, previous_secret = ?, previous_secret_until = ?, updated_at = ?
                where id = ?""", endpoint.secret, endpoint.previousSecret, endpoint.previousSecretUntil, endpoint.updatedAt, id);
        auditLog.success(caller, "webhook.rotate-secret", null, id);
        return secret;
    }

    /** The secrets a delivery is signed with now: the current one, and the previous one during its grace. */
    List<String> signingSecrets(WebhookEndpoint endpoint, Instant now) {
        List<String> secrets = new ArrayList<>(List.of(secretBox.open(endpoint.secret)));
        if (endpoint.previousSecret != null && endpoint.previousSecretUntil.isAfter(now)) {
            secrets.add(secretBox.open(endpoint.previousSecret));
        }
        return secrets;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WebhookEndpoint> list() {
        return db.list("select " + WebhookEndpoint.COLUMNS + " from webhook_endpoint order by created_at",
                WebhookEndpoint::from);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WebhookEndpoint require(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<WebhookEndpoint> find(String id) {
        return db.one("select " + WebhookEndpoint.COLUMNS + " from webhook_endpoint where id = ?", WebhookEndpoint::from, id);
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no webhook endpoint " + id);
    }

    /** Sends a dead or delivered event again, with the same {@code webhook-id}, as soon as the dispatcher runs. */
    public void redeliver(Caller caller, String id, long deliveryId) {
        require(id);
        int updated = db.update("""
                update webhook_delivery set status = 'pending', attempts = 0, next_attempt_at = ?,
                delivered_at = null where id = ? and endpoint_id = ?""", Instant.now(clock), deliveryId, id);
        if (updated == 0) {
            throw ApiException.notFound("no delivery " + deliveryId + " of webhook endpoint " + id);
        }
        auditLog.success(caller, "webhook.redeliver", null, id + " " + deliveryId);
    }

    private void apply(WebhookEndpoint endpoint, String url, List<String> types, String description, boolean enabled) {
        endpoint.url = dispatcher.checkedUrl(url);
        List<String> unknown = types.stream().filter(t -> !t.equals("*") && !EventTypes.ALL.contains(t)).toList();
        if (types.isEmpty() || !unknown.isEmpty()) {
            throw ApiException.badRequest("eventTypes must be \"*\" or among " + EventTypes.ALL
                    + (unknown.isEmpty() ? "" : "; unknown: " + unknown));
        }
        endpoint.eventTypes = WebhookEndpoint.storedTypes(types.stream().distinct().toList());
        endpoint.description = description;
        endpoint.enabled = enabled;
        endpoint.updatedAt = Instant.now(clock);
    }
}
