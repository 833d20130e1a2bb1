package dev.gatehouse.tenant.users;

import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V6 moves existing external identities to the connection that asserted them, on a database filled the way
 * V5 left it: social rows to their provider, enterprise rows to their tenant's connection only while it still
 * trusts the IdP that asserted them, anything else out of every connection's reach.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class IdentityMigrationTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void existingIdentitiesMoveToTheConnectionThatAssertedThemOrToNone() throws SQLException {
        String database = "migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(jdbcUrl, username, password); Statement s = admin.createStatement()) {
            s.execute("create database " + database);
        }
        String url = jdbcUrl.replaceAll("/[^/?]+(\\?|$)", "/" + database + "$1");
        Flyway.configure().dataSource(url, username, password).locations("classpath:db/migration").target("5").load().migrate();
        try (Connection db = DriverManager.getConnection(url, username, password); Statement s = db.createStatement()) {
            s.execute("insert into tenant (id, name, created_at, updated_at) values ('acme', 'Acme', now(), now()), ('moved', 'Moved', now(), now())");
            s.execute("""
                    insert into sso_connection (tenant_id, type, saml_idp_entity_id, updated_at) values
                      ('acme', 'saml', 'urn:acme-idp', now()),
                      ('moved', 'saml', 'urn:new-idp', now())""");
            s.execute("""
                    insert into app_user (id, email, status, created_at) values
                      ('U-gina', 'gina@gmail.example', 'enabled', now()),
                      ('U-alice', 'alice@acme.test', 'enabled', now()),
                      ('U-old', null, 'enabled', now())""");
            s.execute("""
                    insert into external_identity (issuer, subject, user_id, kind, provider, created_at) values
                      ('https://accounts.google.com', 'g-1', 'U-gina', 'oauth', 'google', now() - interval '2 days'),
                      ('urn:acme-idp', 'alice', 'U-alice', 'saml', 'acme', now() - interval '1 day'),
                      ('urn:acme-idp', 'alice-linked', 'U-gina', 'saml', 'acme', now()),
                      ('urn:old-idp', 'old', 'U-old', 'saml', 'moved', now())""");
        }

        Flyway.configure().dataSource(url, username, password).locations("classpath:db/migration").load().migrate();

        try (Connection db = DriverManager.getConnection(url, username, password); Statement s = db.createStatement()) {
            Map<String, String> connectionOf = pairs(s, "select tenant_id, connection_id from sso_connection");
            assertThat(connectionOf.get("acme")).startsWith("conn_").isNotEqualTo(connectionOf.get("moved"));
            Map<String, String> identity = pairs(s, "select subject, connection from external_identity");
            assertThat(identity.get("g-1")).isEqualTo("social:google");
            assertThat(identity.get("alice")).isEqualTo("tenant:acme:" + connectionOf.get("acme"));
            assertThat(identity.get("alice-linked")).isEqualTo("tenant:acme:" + connectionOf.get("acme"));
            // Tenant "moved" now trusts another IdP: what the old one asserted is reachable by no connection.
            assertThat(identity.get("old")).startsWith("retired:saml:moved:");
            Map<String, String> owner = pairs(s, "select id, owner_connection from app_user");
            assertThat(owner.get("U-gina")).isEqualTo("social:google");
            assertThat(owner.get("U-alice")).isEqualTo("tenant:acme:" + connectionOf.get("acme"));
        }
    }

    private static Map<String, String> pairs(Statement statement, String query) throws SQLException {
        Map<String, String> pairs = new HashMap<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                pairs.put(rows.getString(1), rows.getString(2));
            }
        }
        return pairs;
    }
}
