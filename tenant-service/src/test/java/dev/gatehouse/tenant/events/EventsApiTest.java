package dev.gatehouse.tenant.events;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asAuthService;
import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.asUser;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The events API: cursor paging without gaps or repeats, tenants kept apart, and auth-service's events once each. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class EventsApiTest {

    @Test
    void pagesByCursorAndShowsATenantAdminOnlyTheirTenant() {
        String tenantA = Api.createTenant(unique("eva") + ".example.com");
        String tenantB = Api.createTenant(unique("evb") + ".example.com");
        String adminOfA = Api.createTenantAdmin(tenantA);
        String member = Api.createMember(tenantA);
        asProjectAdmin().put("/v1/mgmt/tenants/" + tenantA + "/users/" + member + "/roles/Tenant Admin").then().statusCode(200);
        asProjectAdmin().delete("/v1/mgmt/tenants/" + tenantA + "/users/" + member + "/roles/Tenant Admin").then().statusCode(200);
        Api.createMember(tenantB);

        List<JsonPath> all = new ArrayList<>();
        JsonPath whole = asUser(adminOfA).queryParam("tenant", tenantA).get("/v1/mgmt/events").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> events = whole.getList("data");
        assertThat(events).extracting(e -> e.get("tenant")).containsOnly(tenantA);
        assertThat(events).extracting(e -> e.get("type"))
                .contains("tenant.created", "membership.added", "role.granted", "role.revoked");
        Map<String, Object> granted = events.stream().filter(e -> e.get("type").equals("role.granted")
                && member.equals(((Map<?, ?>) e.get("data")).get("userId"))).findFirst().orElseThrow();
        assertThat((Map<String, Object>) granted.get("data")).containsEntry("role", "Tenant Admin").containsEntry("tenantId", tenantA);

        // One at a time from the start: the same events, in the same order.
        List<Object> paged = new ArrayList<>();
        String cursor = null;
        while (true) {
            var request = asUser(adminOfA).queryParam("tenant", tenantA).queryParam("limit", 1);
            JsonPath page = (cursor == null ? request : request.queryParam("after", cursor)).get("/v1/mgmt/events")
                    .then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("data.id"));
            cursor = page.getString("nextCursor");
            if (!page.getBoolean("hasMore")) {
                break;
            }
        }
        assertThat(paged).isEqualTo(events.stream().map(e -> e.get("id")).toList());
        // Nothing new: the cursor stays where it is.
        asUser(adminOfA).queryParam("tenant", tenantA).queryParam("after", cursor).get("/v1/mgmt/events").then()
                .body("data", org.hamcrest.Matchers.empty()).body("nextCursor", org.hamcrest.Matchers.equalTo(cursor));

        // Another tenant's events: as if it did not exist; all tenants at once: management key only.
        asUser(adminOfA).queryParam("tenant", tenantB).get("/v1/mgmt/events").then().statusCode(404);
        asUser(adminOfA).get("/v1/mgmt/events").then().statusCode(403);
        asProjectAdmin().queryParam("type", "tenant.created").queryParam("limit", 500).get("/v1/mgmt/events").then()
                .statusCode(200).body("data.type", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("tenant.created")));
        asProjectAdmin().queryParam("after", "yesterday").get("/v1/mgmt/events").then().statusCode(400)
                .body("detail", containsString("cursor"));
        asProjectAdmin().queryParam("limit", 0).get("/v1/mgmt/events").then().statusCode(400);
    }

    @Test
    void anEventFromAuthServicesOutboxCountsOnceHoweverOftenItArrives() {
        String tenant = Api.createTenant(unique("evs") + ".example.com");
        String sourceId = unique("src-");
        Map<String, Object> entry = new HashMap<>(Map.of("actor", "user:U123", "action", "session.create",
                "tenantId", tenant, "target", "S42", "outcome", "success", "detail", "amr=oauth",
                "sourceId", sourceId, "occurredAt", Instant.parse("2026-01-02T03:04:05Z").toString()));
        asAuthService().body(entry).post("/internal/audit").then().statusCode(204);
        asAuthService().body(entry).post("/internal/audit").then().statusCode(204);

        List<Map<String, Object>> events = asProjectAdmin().queryParam("tenant", tenant).queryParam("type", "session.created")
                .get("/v1/mgmt/events").then().statusCode(200).extract().jsonPath().getList("data");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("time", "2026-01-02T03:04:05Z").containsEntry("actor", "auth:user:U123");
        assertThat((Map<String, Object>) events.get(0).get("data")).containsEntry("userId", "U123").containsEntry("sessionId", "S42");
        asProjectAdmin().queryParam("tenant", tenant).queryParam("action", "session.create").get("/v1/mgmt/audit").then()
                .body("total", org.hamcrest.Matchers.equalTo(1));

        // The relay's batch: the one already taken (a repeat, nothing new) and the next, in one transaction.
        Map<String, Object> next = new HashMap<>(entry);
        next.put("sourceId", unique("src-"));
        next.put("action", "session.logout");
        next.put("occurredAt", "2026-01-02T03:05:00Z");
        asAuthService().body(List.of(entry, next)).post("/internal/audit/batch").then().statusCode(204);
        asProjectAdmin().queryParam("tenant", tenant).get("/v1/mgmt/audit").then()
                .body("items.action", org.hamcrest.Matchers.hasItems("session.create", "session.logout"))
                .body("items.findAll { it.action == 'session.create' }.size()", org.hamcrest.Matchers.equalTo(1));
        asProjectAdmin().queryParam("tenant", tenant).queryParam("type", "session.revoked").get("/v1/mgmt/events").then()
                .body("data.size()", org.hamcrest.Matchers.equalTo(1));
        // A batch is bounded, and each of its entries is checked like a single one.
        Map<String, Object> broken = new HashMap<>(next);
        broken.put("outcome", "maybe");
        Map<String, Object> nameless = new HashMap<>(next);
        nameless.remove("actor");
        asAuthService().body(Arrays.asList(broken, null, nameless)).post("/internal/audit/batch").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.equalTo("actor: must not be blank; entries[]: must not be null; "
                        + "outcome: must match \"success|failure\""));
    }
}
