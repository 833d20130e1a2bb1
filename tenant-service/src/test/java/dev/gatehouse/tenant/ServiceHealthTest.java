package dev.gatehouse.tenant;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class ServiceHealthTest {

    @Test
    void readinessIncludesTheMigratedDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void livenessMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/mgmt/tenants"));
        given().get("/q/openapi?format=json").then().statusCode(200).contentType("application/json")
                .body("info.title", equalTo("Gatehouse tenant-service"))
                .body("paths.'/v1/mgmt/tenants'.post.tags", hasItem("Tenant Resource"))
                .body("paths.'/v1/mgmt/tenants'.post.responses", hasKey("400"));
    }

    @Test
    void flywayCreatedTheBuiltInTenantAdminRole() {
        dev.gatehouse.tenant.support.Api.asProjectAdmin().get("/v1/mgmt/roles").then().statusCode(200)
                .body("find { it.name == 'Tenant Admin' }.builtIn", equalTo(true));
    }
}
