package dev.gatehouse.e2e;

import dev.gatehouse.testing.Scratch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The whole system as real processes, as in production: embedded PostgreSQL, Keycloak (SAML IdP of the
 * tenants, and OIDC provider standing in for Google), tenant-service, auth-service and app-ui from their
 * built jars. Started once per test run, stopped by a shutdown hook.
 */
final class Stack {

    static final String PROJECT_ID = "PgatehouseDemoProjectId00001";
    static final String MANAGEMENT_KEY = "e2e-management-key";
    static final String INTERNAL_TOKEN = "e2e-internal-token";
    static final String ENCRYPTION_KEY = "ZTJlLWtleS1lbmNyeXB0aW9uLWtleS0zMmJ5dGVzLi4=";
    static final String SECRET_KEY = "ZTJlLXNlY3JldC1rZXktMzItYnl0ZXMtbG9uZy4uLi4=";
    static final Duration SESSION_TTL = Duration.ofSeconds(8);

    private static Stack instance;
    /** Every port {@link #freePort()} gave out. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    final int keycloakPort = freePort();
    final int tenantPort = freePort();
    final int authPort = freePort();
    final int authReplicaPort = freePort();
    final int uiPort = freePort();
    final int tenantReplicaPort = freePort();
    final int uiReplicaPort = freePort();
    private final int postgresPort = freePort();
    private final Path postgresData = Path.of("target", "postgres-data").toAbsolutePath();
    private final Path root = Path.of(System.getProperty("gatehouse.root", "..")).toAbsolutePath().normalize();
    /** How the images start Java (deploy/kubernetes/base/jvm.env); others with -Dgatehouse.service.jvm-options. */
    private final ImageJvm imageJvm = ImageJvm.read(root);
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<ServiceProcess> replicas = new ArrayList<>();
    private EmbeddedPostgres postgres;
    /** The SMTP server auth-service sends sign-in mails to (GreenMail, in this JVM, read by the tests). */
    private final GreenMail mailbox = new GreenMail(
            new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private ServiceProcess auth;
    private ServiceProcess tenant;
    private ServiceProcess ui;
    private ServiceProcess keycloak;
    /** Environment added to every (re)start: what an operator changes during a key rotation. */
    private final Map<String, String> authKeys = new HashMap<>(Map.of("GATEHOUSE_KEYS_ENCRYPTION_KEY", ENCRYPTION_KEY));
    private final Map<String, String> tenantKeys = new HashMap<>(Map.of("GATEHOUSE_SECRET_KEY", SECRET_KEY));

    static synchronized Stack get() {
        if (instance == null) {
            Stack stack = new Stack();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "e2e-stack-stop"));
            stack.start();
            instance = stack;
        }
        return instance;
    }

    /** The process and its children (Keycloak's kc.sh starts a JVM), for CPU time and memory. */
    ServiceProcess keycloak() {
        return keycloak;
    }

    String keycloakUrl() {
        return "http://localhost:" + keycloakPort;
    }

    /**
     * What both systems sign their tokens with: RS256 (the default of each) unless {@code gatehouse.keys.algorithm}
     * says ES256 ({@code ./gatehouse bench … ES256}), so that the benchmark always compares like with like.
     */
    static String signatureAlgorithm() {
        return System.getProperty("gatehouse.keys.algorithm", "RS256");
    }

    String realmUrl() {
        return keycloakUrl() + "/realms/gatehouse";
    }

    String authUrl() {
        return "http://localhost:" + authPort;
    }

    String authReplicaUrl() {
        return "http://localhost:" + authReplicaPort;
    }

    String tenantReplicaUrl() {
        return "http://localhost:" + tenantReplicaPort;
    }

    String uiReplicaUrl() {
        return "http://localhost:" + uiReplicaPort;
    }

    /**
     * A second replica of every service, sharing the databases: tenant-service, an auth-service that talks to
     * that second tenant-service, and an app-ui (same keys, so the same cookies work on both).
     */
    void startSecondReplicas() {
        Map<String, String> tenant = tenantEnv();
        tenant.put("QUARKUS_HTTP_PORT", String.valueOf(tenantReplicaPort));
        replicas.add(new ServiceProcess("tenant-service-replica", java("tenant-service"), tenant).start()
                .awaitUrl(tenantReplicaUrl() + "/q/health/ready", Duration.ofSeconds(90)));
        Map<String, String> auth = authEnv(authReplicaPort);
        auth.put("QUARKUS_REST_CLIENT_TENANT_SERVICE_URL", tenantReplicaUrl());
        replicas.add(new ServiceProcess("auth-service-replica", java("auth-service"), auth).start()
                .awaitUrl(authReplicaUrl() + "/q/health/ready", Duration.ofSeconds(90)));
        Map<String, String> ui = uiEnv();
        ui.put("QUARKUS_HTTP_PORT", String.valueOf(uiReplicaPort));
        replicas.add(new ServiceProcess("app-ui-replica", java("app-ui"), ui).start()
                .awaitUrl(uiReplicaUrl() + "/q/health/ready", Duration.ofSeconds(90)));
        processes.addAll(replicas);
    }

    void stopSecondReplicas() {
        replicas.forEach(ServiceProcess::stop);
        processes.removeAll(replicas);
        replicas.clear();
    }

    /**
     * The example app (module oidc-example): quarkus-oidc signing in through the OpenID Provider face as the
     * given client. Started on demand; stopped with the stack.
     */
    String startOidcExample(int port, String clientId, String clientSecret) {
        Map<String, String> env = imageEnv();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", authUrl() + "/" + PROJECT_ID);
        env.put("GATEHOUSE_EXAMPLE_CLIENT_ID", clientId);
        env.put("GATEHOUSE_EXAMPLE_CLIENT_SECRET", clientSecret);
        String url = "http://localhost:" + port;
        processes.add(new ServiceProcess("oidc-example", java("oidc-example"), env).start()
                .awaitUrl(url + "/q/health/ready", Duration.ofSeconds(90)));
        return url;
    }

    /** tenant-service's management API, as a project admin (the bootstrap management key). */
    RequestSpecification management() {
        return RestAssured.given().baseUri(tenantUrl()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + PROJECT_ID + ":" + MANAGEMENT_KEY);
    }

    /**
     * The tenant acme (domain acme.test) with Keycloak's realm as its SAML IdP, admins → Tenant Admin; created by
     * whichever class of the suite asks first, the connection (re)set by each.
     */
    void acmeWithKeycloakSaml() {
        management().body(Map.of("id", "acme", "name", "Acme", "domains", List.of("acme.test"))).post("/v1/mgmt/tenants")
                .then().statusCode(org.hamcrest.Matchers.oneOf(201, 409));
        management().body(Map.of("type", "saml", "saml", Map.of("metadataUrl", realmUrl() + "/protocol/saml/descriptor"),
                        "mappings", Map.of("groupMappings", List.of(Map.of("group", "admins", "role", "Tenant Admin")))))
                .put("/v1/mgmt/tenants/acme/sso").then().statusCode(200);
    }

    GreenMail mailbox() {
        return mailbox;
    }

    String tenantUrl() {
        return "http://localhost:" + tenantPort;
    }

    String uiUrl() {
        return "http://localhost:" + uiPort;
    }

    private void start() {
        try {
            Scratch.delete(postgresData);
            postgres = postgres();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("create database tenant");
                statement.execute("create database auth");
                statement.execute("create database keycloak");
            }
            startKeycloak();
            mailbox.start();
            tenant = startTenant("tenant-service");
            auth = startAuth("auth-service", authPort);
            ui = new ServiceProcess("app-ui", java("app-ui"), uiEnv()).start()
                    .awaitUrl(uiUrl() + "/q/health/ready", Duration.ofSeconds(90));
            processes.add(ui);
        } catch (RuntimeException | IOException | java.sql.SQLException e) {
            stop();
            throw new IllegalStateException("the end-to-end stack could not start: " + e.getMessage()
                    + " (process logs are in e2e/target/logs)", e);
        }
    }

    /** Starts (or restarts) an auth-service replica on the given port; all replicas share one database. */
    ServiceProcess startAuth(String name, int port) {
        ServiceProcess replica = new ServiceProcess(name, java("auth-service"), authEnv(port)).start()
                .awaitUrl("http://localhost:" + port + "/q/health/ready", Duration.ofSeconds(90));
        processes.add(replica);
        return replica;
    }

    private ServiceProcess startTenant(String name) {
        ServiceProcess started = new ServiceProcess(name, java("tenant-service"), tenantEnv()).start()
                .awaitUrl(tenantUrl() + "/q/health/ready", Duration.ofSeconds(90));
        processes.add(started);
        return started;
    }

    /**
     * Restarts auth-service and tenant-service gracefully, as a rolling update would, with these keys in
     * their environment from now on (the key-rotation procedure of deploy/README.md).
     */
    void restartWithKeys(Map<String, String> authEnvironment, Map<String, String> tenantEnvironment, String step) {
        authKeys.clear();
        authKeys.putAll(authEnvironment);
        tenantKeys.clear();
        tenantKeys.putAll(tenantEnvironment);
        tenant.stop();
        processes.remove(tenant);
        tenant = startTenant("tenant-service-" + step);
        auth.stop();
        processes.remove(auth);
        auth = startAuth("auth-service-" + step, authPort);
    }

    /**
     * CPU seconds the shared PostgreSQL has used so far: the postmaster, its processes, and those that ended (the
     * postmaster's pid is the first line of its {@code postmaster.pid}).
     */
    double postgresCpuSeconds() {
        try {
            long pid = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).trim());
            return ServiceProcess.cpuSeconds(ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("PostgreSQL is not running")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One fixed port and data directory, so that PostgreSQL can be restarted under the running services. */
    private EmbeddedPostgres postgres() throws IOException {
        return EmbeddedPostgres.builder().setPort(postgresPort).setDataDirectory(postgresData)
                .setCleanDataDirectory(false).start();
    }

    /** Stops PostgreSQL (a fast shutdown: open connections are cut) and starts it again on the same data. */
    void restartPostgres() {
        try {
            postgres.close();
            postgres = postgres();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first instance of each service, by name: auth-service, tenant-service or app-ui. */
    ServiceProcess service(String name) {
        return switch (name) {
            case "auth-service" -> auth;
            case "tenant-service" -> tenant;
            case "app-ui" -> ui;
            default -> replicas.stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no service " + name));
        };
    }

    /** The three services and their second replicas, when started: what a chaos soak runs. */
    List<ServiceProcess> services() {
        List<ServiceProcess> services = new ArrayList<>(List.of(auth, tenant, ui));
        services.addAll(replicas);
        return services;
    }

    /** kill -9 of tenant-service, then a new process on the same port and database (outbox state survives). */
    void crashAndRestartTenant() {
        tenant.crash();
        processes.remove(tenant);
        tenant = startTenant("tenant-service-after-crash");
    }

    void crashAndRestartAuth() {
        auth.crash();
        processes.remove(auth);
        auth = startAuth("auth-service-after-crash", authPort);
    }

    private void startKeycloak() throws IOException {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.5.6"));
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home + "; run the build through Maven");
        }
        Path data = home.resolve("data");
        Scratch.delete(data);
        Files.createDirectories(data.resolve("import"));
        String clientTemplate = resource("keycloak-saml-client.json");
        String clients = String.join(",\n", Stream.of("acme", "globex")
                .map(t -> clientTemplate.replace("${TENANT}", t)).toList());
        Files.writeString(data.resolve("import/gatehouse-realm.json"), resource("keycloak-realm.json")
                .replace("${SAML_CLIENTS}", clients).replace("${AUTH_URL}", authUrl())
                .replace("${SIGNATURE_ALGORITHM}", signatureAlgorithm()));
        home.resolve("bin/kc.sh").toFile().setExecutable(true);
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", Jdks.atLeast(21));
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        // JBoss Threads resets thread locals reflectively; Java 24+ needs this opened explicitly.
        env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        keycloak = new ServiceProcess("keycloak", List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + keycloakPort, "--http-management-port=" + freePort(), "--import-realm",
                "--cache=local",
                // The same PostgreSQL as Gatehouse: the benchmark compares the two on equal storage.
                "--db=postgres", "--db-url=jdbc:postgresql://localhost:" + postgresPort + "/keycloak",
                "--db-username=postgres", "--db-password=postgres"), env).start();
        processes.add(keycloak);
        keycloak.awaitUrl(realmUrl() + "/.well-known/openid-configuration", Duration.ofSeconds(240));
    }

    private List<String> java(String module) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not built: " + jar + " is missing; run ./mvnw -B verify from the top");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty("gatehouse.service.jvm-options", imageJvm.options()).trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /** What the Deployments set for every service beside its own settings (deploy/kubernetes/base). */
    private Map<String, String> imageEnv() {
        return new HashMap<>(imageJvm.environment());
    }

    private Map<String, String> tenantEnv() {
        Map<String, String> env = imageEnv();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(tenantPort));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "tenant"));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("GATEHOUSE_PROJECT_ID", PROJECT_ID);
        env.put("GATEHOUSE_INTERNAL_TOKEN", INTERNAL_TOKEN);
        env.putAll(tenantKeys);
        env.put("GATEHOUSE_BOOTSTRAP_MANAGEMENT_KEY", MANAGEMENT_KEY);
        env.put("GATEHOUSE_AUTH_PUBLIC_URL", authUrl());
        env.put("GATEHOUSE_AUTH_JWKS_URL", authUrl() + "/oauth2/jwks");
        env.put("GATEHOUSE_OUTBOUND_ALLOW_PRIVATE_ADDRESSES", "true");
        env.put("GATEHOUSE_OUTBOUND_ALLOW_HTTP", "true");
        env.put("GATEHOUSE_INVITATIONS_ACCEPT_URL", uiUrl() + "/invitations/accept");
        return env;
    }

    private Map<String, String> authEnv(int port) {
        Map<String, String> env = imageEnv();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "auth"));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("GATEHOUSE_PROJECT_ID", PROJECT_ID);
        // Every replica has the same public URL, as behind one load balancer.
        env.put("GATEHOUSE_PUBLIC_URL", authUrl());
        env.put("GATEHOUSE_INTERNAL_TOKEN", INTERNAL_TOKEN);
        env.putAll(authKeys);
        env.put("GATEHOUSE_REDIRECT_ALLOW_LIST", uiUrl() + "/");
        env.put("GATEHOUSE_SESSION_SESSION_TTL", "PT" + SESSION_TTL.toSeconds() + "S");
        // The chaos soak refreshes many sessions a second from this machine; the suite tests the login-start limit.
        env.put("GATEHOUSE_RATE_LIMIT_REFRESH_PER_MINUTE", "1000000");
        env.put("GATEHOUSE_OUTBOUND_ALLOW_HTTP", "true");
        env.put("GATEHOUSE_OUTBOUND_ALLOW_PRIVATE_ADDRESSES", "true");
        env.put("GATEHOUSE_OAUTH_PROVIDERS_GOOGLE_ISSUER", realmUrl());
        env.put("GATEHOUSE_OAUTH_PROVIDERS_GOOGLE_CLIENT_ID", "gatehouse-google");
        env.put("GATEHOUSE_OAUTH_PROVIDERS_GOOGLE_CLIENT_SECRET", "google-client-secret");
        env.put("QUARKUS_REST_CLIENT_TENANT_SERVICE_URL", tenantUrl());
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", String.valueOf(mailbox.getSmtp().getPort()));
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        env.put("GATEHOUSE_KEYS_ALGORITHM", signatureAlgorithm());
        // e.g. -XX:StartFlightRecording=... to profile auth-service under the benchmark's load
        String javaOptions = System.getProperty("gatehouse.auth.java-options", "");
        if (!javaOptions.isBlank()) {
            env.put("JAVA_TOOL_OPTIONS", javaOptions);
        }
        return env;
    }

    private Map<String, String> uiEnv() {
        Map<String, String> env = imageEnv();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(uiPort));
        env.put("GATEHOUSE_PROJECT_ID", PROJECT_ID);
        env.put("GATEHOUSE_PUBLIC_URL", uiUrl());
        env.put("GATEHOUSE_AUTH_PUBLIC_URL", authUrl());
        env.put("GATEHOUSE_TENANT_SERVICE_URL", tenantUrl());
        env.put("GATEHOUSE_SECURE_COOKIES", "false");
        env.put("GATEHOUSE_CSRF_KEY", "e2e-only-csrf-signature-key-not-a-secret-at-all-0123456789");
        return env;
    }

    private synchronized void stop() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
        processes.clear();
        mailbox.stop();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = null;
        }
    }

    private static String resource(String name) {
        try (InputStream in = Stack.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port free now and never handed out before in this JVM: the kernel may give a just-closed probe's port to the
     * next probe, and two processes of the stack told the same port would fail to start.
     */
    static synchronized int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
