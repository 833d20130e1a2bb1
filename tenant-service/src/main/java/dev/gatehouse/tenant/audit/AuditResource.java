package dev.gatehouse.tenant.audit;

import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.common.Page;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/v1/mgmt/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditLog auditLog;

    @Inject
    Access access;

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
}
