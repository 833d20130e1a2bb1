package dev.gatehouse.e2e;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook delivery survives a crash of tenant-service (kill -9) while the receiver is down: the event waits in the
 * outbox in PostgreSQL, and arrives, signed and with its one webhook-id, once both are back.
 */
class WebhookEndToEndTest {

    record Received(Map<String, List<String>> headers, String body, int answered) {
    }

    static Stack stack;
    static HttpServer receiver;
    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static volatile int answer = 503;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.get();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
            int status = answer;
            RECEIVED.add(new Received(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    @Test
    void anEventOutlivesACrashOfTenantServiceAndADownReceiver() throws Exception {
        JsonPath created = stack.management().body(Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                        "eventTypes", List.of("user.created"))).post("/v1/mgmt/webhooks").then().statusCode(201)
                .extract().jsonPath();
        String email = "hooked-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String userId = stack.management().body(Map.of("email", email)).post("/v1/mgmt/users").then().statusCode(201)
                .extract().path("userId");
        await("a first, refused attempt", () -> !RECEIVED.isEmpty());

        stack.crashAndRestartTenant();
        answer = 200;
        await("the delivery after the restart", () -> RECEIVED.stream().anyMatch(r -> r.answered() == 200));

        Received delivered = RECEIVED.stream().filter(r -> r.answered() == 200).findFirst().orElseThrow();
        new Webhook(created.getString("secret")).verify(delivered.body(), delivered.headers());
        assertThat(delivered.body()).contains(userId).contains("\"type\":\"user.created\"");
        assertThat(RECEIVED).extracting(r -> r.headers().get("webhook-id").get(0)).containsOnly(
                delivered.headers().get("webhook-id").get(0));
        assertThat(RECEIVED.stream().filter(r -> r.answered() == 200)).hasSize(1);
        stack.management().delete("/v1/mgmt/webhooks/" + created.getString("endpoint.id")).then().statusCode(204);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(200);
        }
    }
}
