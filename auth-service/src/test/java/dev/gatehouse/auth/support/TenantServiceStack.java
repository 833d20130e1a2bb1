package dev.gatehouse.auth.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * auth-service's real neighbours for its tests: an embedded PostgreSQL (one database for auth-service, one
 * for tenant-service) and the real tenant-service, run from its built jar as a separate process.
 */
public class TenantServiceStack implements QuarkusTestResourceLifecycleManager {

    public static final String MANAGEMENT_KEY = "test-management-key";
    public static final String INTERNAL_TOKEN = "test-internal-token";
    private static volatile String tenantServiceUrl;
    private static volatile TenantServiceStack running;

    private EmbeddedPostgres postgres;
    private ProcessBuilder tenantServiceCommand;
    private File log;
    private Process tenantService;

    public static String tenantServiceUrl() {
        return tenantServiceUrl;
    }

    @Override
    public Map<String, String> start() {
        Path jar = Path.of("..", "tenant-service", "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException("tenant-service is not built: " + jar
                    + " is missing. Run the whole build (./mvnw -B verify) or package tenant-service first.");
        }
        // auth-service's own port is chosen here, so that tenant-service can push claims invalidations to it. It stays
        // reserved (bound) until auth-service is about to take it: a port only probed free could meanwhile be given to
        // tenant-service or to an outbound connection of the ~15 s of start-up, and auth-service would fail to bind.
        try (ServerSocket authReservation = new ServerSocket(0)) {
            int authPort = authReservation.getLocalPort();
            postgres = EmbeddedPostgres.builder().start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("create database tenant");
            }
            int port = freePort();
            log = Path.of("target", "tenant-service-test.log").toFile();
            log.delete();
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx256m", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            builder.environment().put("GATEHOUSE_OUTBOUND_ALLOW_PRIVATE_ADDRESSES", "true");
            builder.environment().put("GATEHOUSE_OUTBOUND_ALLOW_HTTP", "true");
            builder.environment().put("GATEHOUSE_AUTH_INTERNAL_URL", "http://127.0.0.1:" + authPort);
            // Session JWTs of the auth-service under test verify at tenant-service (tenant admins' calls).
            builder.environment().put("GATEHOUSE_AUTH_JWKS_URL", "http://127.0.0.1:" + authPort + "/oauth2/jwks");
            builder.environment().putAll(Map.of(
                    "QUARKUS_HTTP_PORT", String.valueOf(port),
                    "QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "tenant"),
                    "QUARKUS_DATASOURCE_USERNAME", "postgres",
                    "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                    "GATEHOUSE_PROJECT_ID", "PgatehouseDemoProjectId00001",
                    "GATEHOUSE_INTERNAL_TOKEN", INTERNAL_TOKEN,
                    "GATEHOUSE_SECRET_KEY", "dGVzdC1zZWNyZXQta2V5LTMyLWJ5dGVzLWxvbmcuLi4=",
                    "GATEHOUSE_BOOTSTRAP_MANAGEMENT_KEY", MANAGEMENT_KEY));
            tenantServiceCommand = builder;
            tenantService = builder.start();
            tenantServiceUrl = "http://127.0.0.1:" + port;
            awaitReady(tenantServiceUrl + "/q/health/ready", log);
            running = this;
            return Map.of(
                    "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres",
                    "quarkus.rest-client.tenant-service.url", tenantServiceUrl,
                    "quarkus.http.test-port", String.valueOf(authPort));
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("could not start tenant-service for the tests: " + e.getMessage(), e);
        }
    }

    /** Kills tenant-service (an outage, for the claims cache's tests); {@link #startTenantService()} brings it back. */
    public static void killTenantService() throws InterruptedException {
        running.tenantService.destroyForcibly().waitFor();
    }

    public static void startTenantService() throws Exception {
        TenantServiceStack stack = running;
        stack.tenantService = stack.tenantServiceCommand.start();
        stack.awaitReady(tenantServiceUrl + "/q/health/ready", stack.log);
    }

    @Override
    public void stop() {
        running = null;
        if (tenantService != null) {
            tenantService.destroy();
            try {
                if (!tenantService.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(15), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    tenantService.destroyForcibly();
                }
            } catch (InterruptedException e) {
                tenantService.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void awaitReady(String url, File log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!tenantService.isAlive()) {
                throw new IllegalStateException("tenant-service exited with " + tenantService.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("tenant-service was not ready within 60 s; see " + log);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
