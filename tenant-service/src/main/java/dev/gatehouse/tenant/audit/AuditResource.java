package dev.gatehouse.tenant.audit;

import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Page;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.format.DateTimeParseException;

@Path("/v1/mgmt/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditLog auditLog;

    @Inject
    Access access;

    @Inject
    AuditExport export;

    @GET
    @Operation(summary = "Audit events, newest first. A tenant admin sees only their tenant's events.")
    public Page<AuditEvent> search(@QueryParam("tenant") String tenantId,
                                   @QueryParam("action") String action,
                                   @QueryParam("actor") String actor,
                                   @QueryParam("page") @DefaultValue("0") int page,
                                   @QueryParam("size") @DefaultValue("50") int size) {
        if (tenantId == null) {
            access.requireProjectAdmin();
        } else {
            access.requireTenantAdmin(tenantId);
        }
        return auditLog.search(new AuditLog.AuditQuery(tenantId, action, actor), Page.checkedPage(page), Page.checkedSize(size));
    }

    /**
     * The audit log as NDJSON (one event per line, oldest first) for a SIEM: filtered by tenant, actor, action and a
     * time range [{@code from}, {@code to}), at most {@code limit} events; when more remain, the
     * {@code Gatehouse-Next-Cursor} header says what to pass as {@code after} to continue.
     */
    @GET
    @Path("/export")
    @Produces(NDJSON)
    @Operation(summary = "Audit events as NDJSON, oldest first, paged by cursor; a tenant admin exports only their tenant's")
    public Response export(@QueryParam("tenant") String tenantId, @QueryParam("action") String action,
                           @QueryParam("actor") String actor, @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("after") @DefaultValue("0") String after,
                           @QueryParam("limit") @DefaultValue("10000") int limit) {
        if (tenantId == null) {
            access.requireProjectAdmin();
        } else {
            access.requireTenantAdmin(tenantId);
        }
        if (limit < 1 || limit > MAX_EXPORT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_EXPORT);
        }
        AuditExport.Filter filter = new AuditExport.Filter(tenantId, actor, action, instant("from", from), instant("to", to),
                cursor(after));
        // Headers go before the body: the next cursor is looked up first, with the same bound.
        Long next = export.nextCursor(filter, limit);
        Response.ResponseBuilder answer = Response.ok((StreamingOutput) out -> export.write(filter, limit, out))
                .type(NDJSON).header("Cache-Control", "no-store");
        if (next != null) {
            answer.header("Gatehouse-Next-Cursor", String.valueOf(next));
        }
        return answer.build();
    }

    private static final String NDJSON = "application/x-ndjson";
    private static final int MAX_EXPORT = 100_000;

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
        }
    }

    private static long cursor(String after) {
        try {
            long value = Long.parseLong(after);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("after must be a cursor from Gatehouse-Next-Cursor");
        }
    }
}
