package dev.gatehouse.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark's load generator reads what servers send, against the JDK's own HTTP server (not ours): fixed-length
 * and chunked bodies, kept-alive connections, and a server that closes after its answer.
 */
class LoadConnectionTest {

    private HttpServer server;
    private URI base;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fixed", exchange -> answer(exchange, 200, "{\"refreshJwt\":\"é\"}", false, false));
        server.createContext("/chunked", exchange -> answer(exchange, 200,
                exchange.getRequestHeaders().getFirst("Content-Type") + "|" + new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8), true, false));
        server.createContext("/closing", exchange -> answer(exchange, 302, "", false, true));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, int status, String body, boolean chunked, boolean close) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", "http://localhost:9/bench-callback?code=c1");
        if (close) {
            exchange.getResponseHeaders().add("Connection", "close");
        }
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void fixedAndChunkedBodiesComeBackWholeOnOneKeptAliveConnection() throws Exception {
        try (LoadConnection connection = new LoadConnection(base)) {
            LoadConnection.Response fixed = connection.get(base.resolve("/fixed"));
            assertThat(fixed.status()).isEqualTo(200);
            assertThat(fixed.body()).isEqualTo("{\"refreshJwt\":\"é\"}");
            String form = "grant_type=refresh_token&refresh_token=" + "x".repeat(20_000);
            LoadConnection.Response chunked = connection.postForm(base.resolve("/chunked?a=b"), form, "X-Forwarded-For", "198.18.0.1");
            assertThat(chunked.header("transfer-encoding")).contains("chunked");
            assertThat(chunked.body()).isEqualTo("application/x-www-form-urlencoded|" + form);
            assertThat(connection.post(base.resolve("/fixed")).body()).contains("refreshJwt");
        }
        assertThat(clientPorts).hasSize(3).containsOnly(clientPorts.get(0));
    }

    @Test
    void aServerThatClosesGetsANewConnectionForTheNextRequest() throws Exception {
        try (LoadConnection connection = new LoadConnection(base)) {
            LoadConnection.Response redirect = connection.get(base.resolve("/closing"));
            assertThat(redirect.status()).isEqualTo(302);
            assertThat(redirect.header("Location")).contains("http://localhost:9/bench-callback?code=c1");
            assertThat(connection.get(base.resolve("/fixed")).status()).isEqualTo(200);
        }
        assertThat(clientPorts).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void itSpeaksOnlyToItsOwnServerOverPlainHttp() {
        assertThatThrownBy(() -> new LoadConnection(URI.create("https://127.0.0.1:1/")))
                .isInstanceOf(IllegalArgumentException.class);
        try (LoadConnection connection = new LoadConnection(base)) {
            assertThatThrownBy(() -> connection.get(URI.create("http://127.0.0.2:" + base.getPort() + "/fixed")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on this connection's server");
        }
    }
}
