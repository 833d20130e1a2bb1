package dev.gatehouse.tenant.events;

import dev.gatehouse.tenant.common.Violations;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.common.Database;
import dev.gatehouse.tenant.common.Page;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** Webhook endpoints of the project (management key only: an endpoint receives every tenant's events). */
@Path("/v1/mgmt/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookResource {

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    Access access;

    @Inject
    Database db;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Add a webhook endpoint. Its signing secret (whsec_…) is in this answer only.")
    public CreatedView create(EndpointRequest request) {
        Violations.checked(request, "request");
        var created = endpoints.create(access.requireProjectAdmin(), request.url(), request.eventTypes(),
                request.description(), request.enabledOrDefault());
        return new CreatedView(EndpointView.of(created.endpoint()), created.secret());
    }

    @GET
    @Operation(summary = "List webhook endpoints (never their secrets)")
    public List<EndpointView> list() {
        access.requireProjectAdmin();
        return endpoints.list().stream().map(EndpointView::of).toList();
    }

    @GET
    @Path("/{id}")
    public EndpointView get(@PathParam("id") String id) {
        access.requireProjectAdmin();
        return EndpointView.of(endpoints.require(id));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace an endpoint's URL, event types, description and enabled flag")
    public EndpointView update(@PathParam("id") String id, EndpointRequest request) {
        Violations.checked(request, "request");
        return EndpointView.of(endpoints.update(access.requireProjectAdmin(), id, request.url(), request.eventTypes(),
                request.description(), request.enabledOrDefault()));
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    public void delete(@PathParam("id") String id) {
        endpoints.delete(access.requireProjectAdmin(), id);
    }

    @POST
    @Path("/{id}/secret")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Rotate the signing secret; the previous one signs beside it for gatehouse.webhooks.previous-secret-grace")
    public SecretView rotateSecret(@PathParam("id") String id) {
        return new SecretView(endpoints.rotateSecret(access.requireProjectAdmin(), id));
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "Deliveries to this endpoint, newest first; status pending, delivered or dead")
    public Page<DeliveryView> deliveries(@PathParam("id") String id,
                                         @QueryParam("status") String status,
                                         @QueryParam("page") @DefaultValue("0") int page,
                                         @QueryParam("size") @DefaultValue("50") int size) {
        Violations.none().matches("status", status, DELIVERY_STATUS).check();
        access.requireProjectAdmin();
        endpoints.require(id);
        Page.checkedPage(page);
        Page.checkedSize(size);
        String where = "where d.endpoint_id = ?" + (status == null ? "" : " and d.status = ?");
        Object[] filter = status == null ? new Object[] {id} : new Object[] {id, status};
        return db.page("""
                select d.id, e.id as event_id, e.type, d.status, d.attempts, d.last_attempt_at, d.last_status,
                d.last_error, d.next_attempt_at, d.delivered_at
                from webhook_delivery d join event e on e.seq = d.event_seq\s""" + where, "d.event_seq desc",
                DeliveryView::of, page, size, filter);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @Consumes(MediaType.WILDCARD)
    @ResponseStatus(202)
    @Operation(summary = "Send a delivery again (dead ones included), with the same webhook-id")
    public void redeliver(@PathParam("id") String id, @PathParam("deliveryId") long deliveryId) {
        endpoints.redeliver(access.requireProjectAdmin(), id, deliveryId);
    }

    private static final Pattern DELIVERY_STATUS = Pattern.compile("pending|delivered|dead");

    public record EndpointRequest(String url,
                                  List<String> eventTypes,
                                  String description,
                                  Boolean enabled) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("url", url).size("url", url, 0, 2048).notNull("eventTypes", eventTypes)
                    .size("eventTypes", eventTypes, 1, 40).each("eventTypes", eventTypes, true, 64)
                    .size("description", description, 0, 200);
        }

        boolean enabledOrDefault() {
            return enabled == null || enabled;
        }
    }

    public record EndpointView(String id, String url, String description, List<String> eventTypes, boolean enabled,
                               Instant createdAt, Instant updatedAt, Instant previousSecretUntil) {
        static EndpointView of(WebhookEndpoint e) {
            return new EndpointView(e.id, e.url, e.description, e.eventTypeList(), e.enabled, e.createdAt, e.updatedAt,
                    e.previousSecretUntil);
        }
    }

    /** The only time the secret leaves the service. */
    public record CreatedView(EndpointView endpoint, String secret) {
    }

    public record SecretView(String secret) {
    }

    public record DeliveryView(long id, String eventId, String eventType, String status, int attempts,
                               Instant lastAttemptAt, Integer lastStatus, String lastError, Instant nextAttemptAt,
                               Instant deliveredAt) {
        static DeliveryView of(ResultSet row) throws SQLException {
            int lastStatus = row.getInt(7);
            Integer answered = row.wasNull() ? null : lastStatus;
            return new DeliveryView(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getInt(5),
                    Jdbc.instant(row.getTimestamp(6)), answered, row.getString(8),
                    "pending".equals(row.getString(4)) ? Jdbc.instant(row.getTimestamp(9)) : null,
                    Jdbc.instant(row.getTimestamp(10)));
        }
    }
}
