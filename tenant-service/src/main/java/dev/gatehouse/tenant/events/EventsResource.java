package dev.gatehouse.tenant.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Database;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.ArrayList;
import java.util.List;

/**
 * The events API for pull consumers: the webhook payloads, oldest first, after a cursor. A project admin reads
 * all; a tenant admin reads their own tenant's ({@code tenant} is then required) and never another's.
 */
@Path("/v1/mgmt/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

    private static final int MAX_LIMIT = 500;

    @Inject
    Access access;

    @Inject
    Database db;

    @Inject
    ObjectMapper json;

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "Events after a cursor, oldest first; keep nextCursor and ask again")
    public EventsPage events(@QueryParam("after") String after,
                             @QueryParam("tenant") String tenantId,
                             @QueryParam("type") List<String> types,
                             @QueryParam("limit") @DefaultValue("100") int limit) {
        if (tenantId == null) {
            access.requireProjectAdmin();
        } else {
            access.requireTenantAdmin(tenantId);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        long cursor = cursor(after);
        List<String> where = new ArrayList<>(List.of("seq > ?"));
        List<Object> values = new ArrayList<>(List.of(cursor));
        if (tenantId != null) {
            where.add("tenant_id = ?");
            values.add(tenantId);
        }
        if (types != null && !types.isEmpty()) {
            where.add("type = any(?)");
            values.add(types);
        }
        values.add(limit + 1);
        List<Event> rows = db.list("select seq, payload from event where " + String.join(" and ", where)
                + " order by seq limit ?", row -> new Event(row.getLong(1), row.getString(2)), values.toArray());
        boolean more = rows.size() > limit;
        List<Event> page = more ? rows.subList(0, limit) : rows;
        long next = page.isEmpty() ? cursor : page.get(page.size() - 1).seq();
        return new EventsPage(page.stream().map(event -> parse(event.payload())).toList(), Long.toString(next), more);
    }

    private record Event(long seq, String payload) {
    }

    /** {@code data} in order; {@code nextCursor} is where the next call starts (the same one when nothing came). */
    public record EventsPage(List<JsonNode> data, String nextCursor, boolean hasMore) {
    }

    private static long cursor(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            long value = Long.parseLong(after);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("after must be a cursor from a previous answer's nextCursor");
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
