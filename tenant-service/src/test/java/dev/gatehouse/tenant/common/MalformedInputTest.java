package dev.gatehouse.tenant.common;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.PeerHttpServer;
import dev.gatehouse.tenant.support.TestTokens;
import dev.gatehouse.testing.OpenApiSweep;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** Malformed input never gives a 5xx: every endpoint of our OpenAPI, swept with hostile values (design.md §7). */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class MalformedInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void noEndpointAnswersMalformedInputWithA5xx() {
        String tenant = Api.createTenant(unique("sweep") + ".example.com");
        String admin = Api.createTenantAdmin(tenant);
        String link = asProjectAdmin().body(Map.of()).post("/v1/mgmt/tenants/" + tenant + "/setup-links")
                .then().statusCode(201).extract().path("secret");
        List<String> serverErrors = OpenApiSweep.serverErrors(base.toString(), List.of(
                "Bearer " + TestTokens.PROJECT_ID + ":" + Api.MANAGEMENT_KEY,
                "Bearer " + TestTokens.session(admin),
                "Bearer " + TestTokens.PROJECT_ID + ":" + link,
                "Bearer " + Api.INTERNAL_TOKEN));
        assertThat(serverErrors).isEmpty();
    }
}
