package dev.gatehouse.tenant.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.asUser;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The audit log as NDJSON for a SIEM: filtered, oldest first, paged by cursor, and a tenant's admins see only theirs. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class AuditExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void exportsATenantsEventsAsNdjsonPagedByCursor() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String tenant = Api.createTenant(unique("audit") + ".example.com");
        for (int i = 0; i < 3; i++) {
            asProjectAdmin().body(Map.of("domain", unique("d" + i) + ".example.com")).post("/v1/mgmt/tenants/" + tenant + "/domains")
                    .then().statusCode(200);
        }
        Response all = asProjectAdmin().queryParam("tenant", tenant).queryParam("from", before.toString())
                .get("/v1/mgmt/audit/export");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.contentType()).startsWith("application/x-ndjson");
        assertThat(all.header("Gatehouse-Next-Cursor")).isNull();
        List<JsonNode> events = lines(all.asString());
        assertThat(events).hasSizeGreaterThanOrEqualTo(4);
        assertThat(events).allSatisfy(e -> assertThat(e.path("tenantId").asText()).isEqualTo(tenant));
        assertThat(events).extracting(e -> e.path("id").asLong()).isSorted();

        // Two at a time: the cursor continues exactly where the page stopped, and nothing repeats.
        List<Long> paged = new ArrayList<>();
        String cursor = "0";
        while (cursor != null) {
            Response page = asProjectAdmin().queryParam("tenant", tenant).queryParam("limit", 2).queryParam("after", cursor)
                    .get("/v1/mgmt/audit/export");
            List<JsonNode> lines = lines(page.asString());
            assertThat(lines).hasSizeLessThanOrEqualTo(2);
            lines.forEach(e -> paged.add(e.path("id").asLong()));
            cursor = page.header("Gatehouse-Next-Cursor");
        }
        assertThat(paged).isEqualTo(events.stream().map(e -> e.path("id").asLong()).toList());

        // Filters by action and time range.
        assertThat(lines(asProjectAdmin().queryParam("tenant", tenant).queryParam("action", "tenant.create")
                .get("/v1/mgmt/audit/export").asString())).hasSize(1);
        assertThat(lines(asProjectAdmin().queryParam("tenant", tenant).queryParam("to", before.toString())
                .get("/v1/mgmt/audit/export").asString())).isEmpty();
    }

    @Test
    void aTenantAdminExportsOnlyTheirTenantAndBadParametersAreNamed() {
        String tenantA = Api.createTenant(unique("ea") + ".example.com");
        String tenantB = Api.createTenant(unique("eb") + ".example.com");
        String adminOfA = Api.createTenantAdmin(tenantA);
        asUser(adminOfA).queryParam("tenant", tenantA).get("/v1/mgmt/audit/export").then().statusCode(200);
        asUser(adminOfA).queryParam("tenant", tenantB).get("/v1/mgmt/audit/export").then().statusCode(404);
        asUser(adminOfA).get("/v1/mgmt/audit/export").then().statusCode(403);
        asProjectAdmin().queryParam("from", "yesterday").get("/v1/mgmt/audit/export").then().statusCode(400)
                .body("detail", containsString("ISO-8601"));
        asProjectAdmin().queryParam("after", "-1").get("/v1/mgmt/audit/export").then().statusCode(400);
        asProjectAdmin().queryParam("limit", 0).get("/v1/mgmt/audit/export").then().statusCode(400);
    }

    private static List<JsonNode> lines(String body) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
