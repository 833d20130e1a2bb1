package dev.gatehouse.auth.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import no.nav.security.mock.oauth2.MockOAuth2Server;

import java.net.InetAddress;
import java.util.Map;

/**
 * NAV's mock-oauth2-server (Maven Central), a real OAuth 2.0 / OIDC server nobody here wrote, standing in
 * for Google (issuer "google") and for tenants' own OIDC IdPs (other issuer ids).
 */
public class MockOAuth2ServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "gatehouse-test-client";
    public static final String CLIENT_SECRET = "gatehouse-test-secret";
    private static volatile MockOAuth2Server server;

    public static MockOAuth2Server server() {
        return server;
    }

    public static String issuer(String issuerId) {
        return server.issuerUrl(issuerId).toString().replaceAll("/$", "");
    }

    @Override
    public Map<String, String> start() {
        server = new MockOAuth2Server();
        server.start(InetAddress.getLoopbackAddress(), 0);
        return Map.of(
                "gatehouse.oauth-providers.google.issuer", issuer("google"),
                "gatehouse.oauth-providers.google.client-id", CLIENT_ID,
                "gatehouse.oauth-providers.google.client-secret", CLIENT_SECRET,
                "gatehouse.outbound.allow-http", "true");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdown();
        }
    }
}
