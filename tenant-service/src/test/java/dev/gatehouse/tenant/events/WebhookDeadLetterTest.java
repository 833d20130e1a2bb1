package dev.gatehouse.tenant.events;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.Eventually;
import dev.gatehouse.tenant.support.PeerHttpServer;
import dev.gatehouse.tenant.support.WebhookReceiver;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** A delivery that keeps failing past the retry window is dead-lettered; a manual redelivery sends it again, same id. */
@QuarkusTest
@TestProfile(WebhookDeadLetterTest.ShortRetryWindow.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class WebhookDeadLetterTest {

    public static class ShortRetryWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.webhooks.retry-for", "PT3S");
        }
    }

    @Test
    void deadAfterTheRetryWindowThenRedeliveredByHand() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(500);
            var endpoint = WebhookTest.createEndpoint(receiver, List.of("tenant.created"));
            String tenant = Api.createTenant(unique("dead") + ".example.com");
            Map<String, Object> dead = Eventually.until(Duration.ofSeconds(30), "a dead delivery", () -> {
                List<Map<String, Object>> items = asProjectAdmin().queryParam("status", "dead")
                        .get("/v1/mgmt/webhooks/" + endpoint.id() + "/deliveries").then().statusCode(200)
                        .extract().jsonPath().getList("items");
                return items.isEmpty() ? null : items.get(0);
            });
            assertThat(dead.get("lastError").toString()).contains("HTTP 500");
            assertThat((Integer) dead.get("attempts")).isGreaterThanOrEqualTo(2);
            int attemptsWhenDead = receiver.received().size();

            receiver.answer(200);
            asProjectAdmin().post("/v1/mgmt/webhooks/" + endpoint.id() + "/deliveries/" + dead.get("id") + "/redeliver")
                    .then().statusCode(202);
            Eventually.until(Duration.ofSeconds(30), "the redelivery", () -> !receiver.accepted().isEmpty());
            var redelivered = receiver.accepted().get(0);
            assertThat(receiver.received().size()).isEqualTo(attemptsWhenDead + 1);
            assertThat(redelivered.header("webhook-id")).isEqualTo(dead.get("eventId"))
                    .isEqualTo(receiver.received().get(0).header("webhook-id"));
            assertThat(WebhookTest.parse(redelivered.body()).path("tenant").asText()).isEqualTo(tenant);
            asProjectAdmin().queryParam("action", "webhook.redeliver").get("/v1/mgmt/audit").then()
                    .body("items[0].target", org.hamcrest.Matchers.startsWith(endpoint.id()));
            WebhookTest.deleteEndpoint(endpoint.id());
        }
    }
}
