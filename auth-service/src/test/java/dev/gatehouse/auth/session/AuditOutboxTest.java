package dev.gatehouse.auth.session;

import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.auth.support.Gatehouse.exchange;
import static dev.gatehouse.auth.support.Gatehouse.withRefresh;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * auth-service's events reach tenant-service's events API (and so webhooks) at least once and exactly once there:
 * at once when tenant-service is up, and from the outbox after it comes back from an outage.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
class AuditOutboxTest {

    @Inject
    OneTimeCodes codes;

    @Test
    void sessionEventsSurviveATenantServiceOutageAndArriveOnce() throws Exception {
        String tenant = Gatehouse.newTenant();
        String user = Gatehouse.newUser(tenant, List.of());
        var started = exchange(Gatehouse.codeFor(codes, user, tenant)).statusCode(200).extract();
        // Sent right after the commit by the relay's thread (the exchange did not wait for it): there within moments.
        List<Map<String, Object>> created = awaitEvents(tenant, "session.created", 5);
        assertThat(created).hasSize(1);
        Map<String, Object> data = (Map<String, Object>) created.get(0).get("data");
        assertThat(data).containsEntry("userId", user);
        String sessionId = (String) data.get("sessionId");
        assertThat(sessionId).isNotBlank();

        TenantServiceStack.killTenantService();
        try {
            withRefresh(started.path("refreshJwt")).post("/v1/auth/logout").then().statusCode(200);
        } finally {
            TenantServiceStack.startTenantService();
        }
        assertThat(awaitEvents(tenant, "session.revoked", 30)).singleElement()
                .satisfies(e -> assertThat((Map<String, Object>) e.get("data")).containsEntry("sessionId", sessionId));
        // Sent again by nobody: one created, one revoked.
        Thread.sleep(2_500);
        assertThat(events(tenant, "session.created")).hasSize(1);
        assertThat(events(tenant, "session.revoked")).hasSize(1);
    }

    private static List<Map<String, Object>> awaitEvents(String tenant, String type, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (events(tenant, type).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return events(tenant, type);
    }

    private static List<Map<String, Object>> events(String tenant, String type) {
        return Gatehouse.management().queryParam("tenant", tenant).queryParam("type", type).get("/v1/mgmt/events")
                .then().statusCode(200).extract().jsonPath().getList("data");
    }
}
