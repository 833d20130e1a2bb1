package dev.gatehouse.tenant.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.Api;
import dev.gatehouse.tenant.support.Eventually;
import dev.gatehouse.tenant.support.PeerHttpServer;
import dev.gatehouse.tenant.support.WebhookReceiver;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;
import static dev.gatehouse.tenant.support.Api.asUser;
import static dev.gatehouse.tenant.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/**
 * Webhooks from the outbox to a real HTTP receiver, whose signatures are checked by the Standard Webhooks project's
 * own Java library: signed deliveries, a receiver that was down gets everything once back (retries carry the same
 * {@code webhook-id}), per-user order, secret rotation, and who may manage endpoints.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class WebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void deliversSignedEventsThatAnIndependentVerifierAccepts() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            var endpoint = createEndpoint(receiver, List.of("user.created", "role.granted", "membership.added"));
            String tenant = Api.createTenant(unique("wh") + ".example.com");
            String userId = Api.createTenantAdmin(tenant);

            Receipt created = Eventually.until(PATIENCE, "user.created for " + userId,
                    () -> receipt(receiver, "user.created", userId));
            new Webhook(endpoint.secret()).verify(created.raw().body(), created.raw().headers());
            JsonNode event = created.event();
            assertThat(created.raw().header("webhook-id")).isEqualTo(event.path("id").asText()).startsWith("evt_");
            assertThat(event.path("actor").asText()).startsWith("key:");
            assertThat(event.path("time").asText()).isNotBlank();
            assertThat(event.path("data").path("user").path("email").asText()).startsWith("admin-");
            // The user's events arrive in the order they happened: created, joined, granted.
            Receipt granted = Eventually.until(PATIENCE, "role.granted for " + userId,
                    () -> receipt(receiver, "role.granted", userId));
            assertThat(granted.event().path("data").path("role").asText()).isEqualTo("Tenant Admin");
            assertThat(granted.event().path("tenant").asText()).isEqualTo(tenant);
            assertThat(receiver.accepted().stream().map(r -> parse(r.body()))
                    .filter(e -> userId.equals(e.path("data").path("userId").asText()))
                    .map(e -> e.path("type").asText()).toList())
                    .containsExactly("user.created", "membership.added", "role.granted");
            assertThat(created.raw().body()).doesNotContain("whsec_").doesNotContain("secret");

            // A tampered body or another endpoint's secret fails the same independent check.
            assertThatThrownBy(() -> new Webhook(endpoint.secret()).verify(created.raw().body().replace("admin-", "ADMIN-"),
                    created.raw().headers())).isInstanceOf(WebhookVerificationException.class);
            try (WebhookReceiver other = new WebhookReceiver()) {
                var otherEndpoint = createEndpoint(other, List.of("tenant.created"));
                assertThatThrownBy(() -> new Webhook(otherEndpoint.secret()).verify(created.raw().body(), created.raw().headers()))
                        .isInstanceOf(WebhookVerificationException.class);
                deleteEndpoint(otherEndpoint.id());
            }
            // Only subscribed types arrive.
            assertThat(receiver.received()).allSatisfy(r -> assertThat(parse(r.body()).path("type").asText())
                    .isIn("user.created", "role.granted", "membership.added"));
            deleteEndpoint(endpoint.id());
        }
    }

    /**
     * A batch relayed from auth-service's outbox is written in one JDBC batch with its deliveries in one statement:
     * every event of it reaches a subscribed endpoint once, in the batch's order, and the batch arriving again (a
     * relay that did not hear the answer) delivers nothing more.
     */
    @Test
    void aRelayedBatchReachesSubscribersOnceInItsOrder() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            var endpoint = createEndpoint(receiver, List.of("session.created", "session.revoked"));
            String tenant = Api.createTenant(unique("relay") + ".example.com");
            String userId = "U" + unique("r");
            List<Map<String, Object>> batch = new java.util.ArrayList<>();
            for (String[] event : List.of(new String[]{"session.create", "S1"}, new String[]{"session.create", "S2"},
                    new String[]{"session.logout", "S1"}, new String[]{"login.success", "S3"})) {
                batch.add(Map.of("actor", "user:" + userId, "action", event[0], "tenantId", tenant, "target", event[1],
                        "outcome", "success", "sourceId", unique("src-"), "occurredAt", java.time.Instant.now().toString()));
            }
            Api.asAuthService().body(batch).post("/internal/audit/batch").then().statusCode(204);
            Api.asAuthService().body(batch).post("/internal/audit/batch").then().statusCode(204);

            Eventually.until(PATIENCE, "three session events", () -> sessionEventsOf(receiver, userId).size() >= 3);
            Thread.sleep(1500); // a second dispatcher poll: nothing more arrives
            assertThat(sessionEventsOf(receiver, userId)).extracting(e -> e.path("type").asText() + " " + e.path("data").path("sessionId").asText())
                    .containsExactly("session.created S1", "session.created S2", "session.revoked S1");
            deleteEndpoint(endpoint.id());
        }
    }

    private static List<JsonNode> sessionEventsOf(WebhookReceiver receiver, String userId) {
        return receiver.accepted().stream().map(r -> parse(r.body()))
                .filter(e -> userId.equals(e.path("data").path("userId").asText())).toList();
    }

    @Test
    void aReceiverThatWasDownGetsEveryEventOnceBackInOrderWithTheSameIds() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(503);
            var endpoint = createEndpoint(receiver, List.of("user.updated"));
            String tenant = Api.createTenant(unique("down") + ".example.com");
            String userId = Api.createMember(tenant);
            for (String name : List.of("First", "Second", "Third")) {
                asProjectAdmin().body(Map.of("name", name)).patch("/v1/mgmt/users/" + userId).then().statusCode(200);
            }
            // Down: the first event is tried again and again; the later ones of the same user wait behind it.
            Eventually.until(PATIENCE, "three failed attempts", () -> receiver.received().size() >= 3);
            assertThat(receiver.received()).extracting(r -> parse(r.body()).path("data").path("user").path("name").asText())
                    .containsOnly("First");

            receiver.answer(200);
            Eventually.until(PATIENCE, "all three events accepted", () -> receiver.accepted().size() >= 3);
            List<JsonNode> accepted = receiver.accepted().stream().map(r -> parse(r.body())).toList();
            assertThat(accepted).extracting(e -> e.path("data").path("user").path("name").asText())
                    .containsExactly("First", "Second", "Third");
            // Retries are duplicates a receiver can drop: the same webhook-id, each verifiable.
            String firstId = accepted.get(0).path("id").asText();
            List<WebhookReceiver.Received> attempts = receiver.received().stream()
                    .filter(r -> firstId.equals(r.header("webhook-id"))).toList();
            assertThat(attempts).hasSizeGreaterThanOrEqualTo(3);
            for (WebhookReceiver.Received attempt : attempts) {
                new Webhook(endpoint.secret()).verify(attempt.body(), attempt.headers());
            }

            asProjectAdmin().queryParam("status", "delivered").get("/v1/mgmt/webhooks/" + endpoint.id() + "/deliveries")
                    .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(3))
                    .body("items[2].attempts", org.hamcrest.Matchers.greaterThanOrEqualTo(3))
                    .body("items[2].lastStatus", org.hamcrest.Matchers.equalTo(200));
            asProjectAdmin().queryParam("status", "lost").get("/v1/mgmt/webhooks/" + endpoint.id() + "/deliveries")
                    .then().statusCode(400)
                    .body("detail", org.hamcrest.Matchers.equalTo("status: must match \"pending|delivered|dead\""));
            deleteEndpoint(endpoint.id());
        }
    }

    @Test
    void aRotatedSecretSignsBesideThePreviousOneDuringTheGrace() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            var endpoint = createEndpoint(receiver, List.of("tenant.created"));
            String newSecret = asProjectAdmin().post("/v1/mgmt/webhooks/" + endpoint.id() + "/secret")
                    .then().statusCode(200).extract().path("secret");
            assertThat(newSecret).startsWith("whsec_").isNotEqualTo(endpoint.secret());
            String tenant = Api.createTenant(unique("rot") + ".example.com");
            Receipt receipt = Eventually.until(PATIENCE, "tenant.created", () -> receiver.accepted().stream()
                    .map(r -> new Receipt(r, parse(r.body()))).filter(r -> r.event().path("tenant").asText().equals(tenant))
                    .findFirst().orElse(null));
            assertThat(receipt.raw().header("webhook-signature").split(" ")).hasSize(2)
                    .allSatisfy(s -> assertThat(s).startsWith("v1,"));
            new Webhook(newSecret).verify(receipt.raw().body(), receipt.raw().headers());
            new Webhook(endpoint.secret()).verify(receipt.raw().body(), receipt.raw().headers());
            deleteEndpoint(endpoint.id());
        }
    }

    @Test
    void endpointsAreForProjectAdminsAndBadOnesAreRefusedWithAReason() {
        String tenant = Api.createTenant(unique("whacl") + ".example.com");
        String tenantAdmin = Api.createTenantAdmin(tenant);
        Map<String, Object> valid = Map.of("url", "https://hooks.example.com/in", "eventTypes", List.of("*"));
        // A tenant's admin would receive every tenant's events: refused.
        asUser(tenantAdmin).body(valid).post("/v1/mgmt/webhooks").then().statusCode(403);
        asUser(tenantAdmin).get("/v1/mgmt/webhooks").then().statusCode(403);
        asUser(tenantAdmin).queryParam("tenant", tenant).get("/v1/mgmt/webhooks").then().statusCode(403);

        asProjectAdmin().body(Map.of("url", "https://hooks.example.com/in", "eventTypes", List.of("user.exploded")))
                .post("/v1/mgmt/webhooks").then().statusCode(400).body("detail", containsString("user.exploded"));
        asProjectAdmin().body(Map.of("url", "https://user:pw@hooks.example.com/in", "eventTypes", List.of("*")))
                .post("/v1/mgmt/webhooks").then().statusCode(400).body("detail", containsString("credentials"));
        asProjectAdmin().body(Map.of("url", "ftp://hooks.example.com/in", "eventTypes", List.of("*")))
                .post("/v1/mgmt/webhooks").then().statusCode(400).body("detail", containsString("URL"));
        asProjectAdmin().body(Map.of("url", "https://hooks.example.com/in", "eventTypes", List.of()))
                .post("/v1/mgmt/webhooks").then().statusCode(400);

        String id = asProjectAdmin().body(valid).post("/v1/mgmt/webhooks").then().statusCode(201)
                .body("secret", containsString("whsec_")).extract().path("endpoint.id");
        // The secret is shown once: never in a listing or a read.
        asProjectAdmin().get("/v1/mgmt/webhooks/" + id).then().statusCode(200).body("$", not(hasKey("secret")))
                .body("eventTypes[0]", org.hamcrest.Matchers.equalTo("*"));
        assertThat(asProjectAdmin().get("/v1/mgmt/webhooks").asString()).doesNotContain("whsec_");
        asProjectAdmin().body(Map.of("url", "https://hooks.example.com/v2", "eventTypes", List.of("user.created"),
                "enabled", false)).put("/v1/mgmt/webhooks/" + id).then().statusCode(200)
                .body("enabled", org.hamcrest.Matchers.equalTo(false)).body("url", containsString("/v2"));
        asProjectAdmin().post("/v1/mgmt/webhooks/" + id + "/deliveries/999999/redeliver").then().statusCode(404);
        deleteEndpoint(id);
        asProjectAdmin().get("/v1/mgmt/webhooks/" + id).then().statusCode(404).body("detail", containsString(id));
        asProjectAdmin().queryParam("action", "webhook.create").get("/v1/mgmt/audit").then()
                .body("items.target", org.hamcrest.Matchers.hasItem(id));
    }

    record Endpoint(String id, String secret) {
    }

    record Receipt(WebhookReceiver.Received raw, JsonNode event) {
    }

    static Endpoint createEndpoint(WebhookReceiver receiver, List<String> types) {
        var created = asProjectAdmin().body(Map.of("url", receiver.url(), "eventTypes", types, "description", "test"))
                .post("/v1/mgmt/webhooks").then().statusCode(201).extract();
        return new Endpoint(created.path("endpoint.id"), created.path("secret"));
    }

    static void deleteEndpoint(String id) {
        asProjectAdmin().delete("/v1/mgmt/webhooks/" + id).then().statusCode(204);
    }

    static Receipt receipt(WebhookReceiver receiver, String type, String userId) {
        return receiver.accepted().stream().map(r -> new Receipt(r, parse(r.body())))
                .filter(r -> r.event().path("type").asText().equals(type))
                .filter(r -> Objects.equals(r.event().path("data").path("userId").asText(), userId))
                .findFirst().orElse(null);
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
