package dev.gatehouse.tenant.audit;

import dev.gatehouse.tenant.access.Access;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Database;
import dev.gatehouse.tenant.common.Page;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's recent sign-ins and refused sign-ins, newest first, each failure with its reason in plain words and
 * what to change at the IdP: for the admins setting up SSO (and setup-link holders), who otherwise see nothing
 * when their IdP is misconfigured. Only that tenant's events.
 */
@Path("/v1/mgmt/tenants/{tenantId}/sign-in-events")
@Produces(MediaType.APPLICATION_JSON)
public class SignInEventsResource {

    private static final List<String> SIGN_IN_ACTIONS = List.of("user.login", "login.failure");

    @Inject
    Access access;

    @Inject
    Database db;

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "The tenant's sign-ins and failures, newest first, with advice for each failure")
    public Page<SignInEvent> list(@PathParam("tenantId") String tenantId,
                                  @QueryParam("user") String userId,
                                  @QueryParam("outcome") String outcome,
                                  @QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("25") int size) {
        access.requireTenantSetup(tenantId);
        StringBuilder where = new StringBuilder(" where tenant_id = ? and action = any(?)");
        List<Object> values = new ArrayList<>(List.of(tenantId, SIGN_IN_ACTIONS));
        if (outcome != null) {
            if (!outcome.equals("success") && !outcome.equals("failure")) {
                throw ApiException.badRequest("outcome must be success or failure");
            }
            where.append(" and outcome = ?");
            values.add(outcome);
        }
        if (userId != null && !userId.isBlank()) {
            where.append(" and actor = any(?)");
            values.add(List.of("user:" + userId, "auth:user:" + userId));
        }
        Page<AuditEvent> events = db.page("select " + AuditEvent.COLUMNS + " from audit_event" + where, "id desc",
                AuditEvent::from, Page.checkedPage(page), Page.checkedSize(size), values.toArray());
        Map<String, String> emails = emails(events.items().stream().map(e -> AuditEvent.userOf(e.actor))
                .filter(u -> u != null).distinct().toList());
        return events.map(e -> SignInEvent.of(e, emails));
    }

    public record SignInEvent(long id, Instant time, String outcome, String userId, String userEmail, String method,
                              String reason, String plainWords, String whatToChange) {
        static SignInEvent of(AuditEvent event, Map<String, String> emails) {
            String user = AuditEvent.userOf(event.actor);
            boolean failed = event.outcome.equals("failure");
            SignInAdvice.Advice advice = failed ? SignInAdvice.forReason(event.detail) : null;
            return new SignInEvent(event.id, event.occurredAt, event.outcome, user, user == null ? null : emails.get(user),
                    event.target, failed ? event.detail : null, advice == null ? null : advice.plainWords(),
                    advice == null ? null : advice.whatToChange());
        }
    }

    private Map<String, String> emails(List<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<String, String> emails = new HashMap<>();
        db.each("select id, email from app_user where id = any(?) and email is not null",
                row -> emails.put(row.getString(1), row.getString(2)), userIds);
        return emails;
    }
}
