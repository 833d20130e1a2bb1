package dev.gatehouse.ui.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.ui.upstream.TenantApi;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * "Sign-in events" for whoever sets up a tenant's SSO (its admins at {@code /admin/sso/events}, a setup link's
 * holder at {@code /setup/{link}/events}): the tenant's recent sign-ins and failures, newest first, each failure in
 * plain words with what to change at the IdP; filterable by user and outcome, paged. tenant-service returns only
 * that tenant's events for the credential.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInEventsResource {

    private static final int PAGE_SIZE = 25;

    @Inject
    SetupAccess access;

    @Inject
    TenantApi tenants;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance events(String tenantId, String base, List<Row> rows, Filter filter, Paging paging);
    }

    public record Row(String time, String outcome, String user, String method, String reason, String plainWords,
                      String whatToChange) {
        public boolean failed() {
            return "failure".equals(outcome);
        }
    }

    public record Filter(String user, String outcome) {
        String query() {
            return (user.isEmpty() ? "" : "&user=" + encode(user)) + (outcome.isEmpty() ? "" : "&outcome=" + encode(outcome));
        }
    }

    public record Paging(int page, long total, String previous, String next) {
    }

    @GET
    @Path("/admin/sso/events")
    public Response adminEvents(@QueryParam("user") String user, @QueryParam("outcome") String outcome,
                                @QueryParam("page") @DefaultValue("0") int page) {
        return access.asAdmin("/admin/sso/events", false,
                (credential, tenantId) -> render(credential, tenantId, "/admin/sso", user, outcome, page));
    }

    @GET
    @Path("/setup/{link}/events")
    public Response linkEvents(@PathParam("link") String link, @QueryParam("user") String user,
                               @QueryParam("outcome") String outcome, @QueryParam("page") @DefaultValue("0") int page) {
        return access.asLink(link, (credential, tenantId) -> render(credential, tenantId, "/setup/" + link, user, outcome, page));
    }

    private Response render(String credential, String tenantId, String base, String user, String outcome, int page) {
        Filter filter = new Filter(user == null ? "" : user.trim(),
                "success".equals(outcome) || "failure".equals(outcome) ? outcome : "");
        int current = Math.max(page, 0);
        JsonNode answer = tenants.get(credential, "/v1/mgmt/tenants/" + TenantApi.segment(tenantId)
                + "/sign-in-events?size=" + PAGE_SIZE + "&page=" + current + filter.query());
        List<Row> rows = new ArrayList<>();
        for (JsonNode event : answer.path("items")) {
            String who = event.path("userEmail").asText(event.path("userId").asText(""));
            rows.add(new Row(Instants.shown(event.path("time").asText(null)),
                    event.path("outcome").asText(), who.isEmpty() ? "—" : who, event.path("method").asText(""),
                    event.path("reason").asText(""), event.path("plainWords").asText(""),
                    event.path("whatToChange").asText("")));
        }
        long total = answer.path("total").asLong();
        String here = base + "/events?" + filter.query().replaceFirst("^&", "");
        String joiner = here.endsWith("?") ? "" : "&";
        Paging paging = new Paging(current, total,
                current > 0 ? here + joiner + "page=" + (current - 1) : null,
                (long) (current + 1) * PAGE_SIZE < total ? here + joiner + "page=" + (current + 1) : null);
        return Response.ok(Templates.events(tenantId, base, rows, filter, paging).render())
                .type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
