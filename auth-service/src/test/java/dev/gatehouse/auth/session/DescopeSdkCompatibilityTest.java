package dev.gatehouse.auth.session;

import com.descope.client.Config;
import com.descope.client.DescopeClient;
import com.descope.exception.DescopeException;
import com.descope.model.auth.AuthenticationInfo;
import com.descope.model.auth.AuthenticationServices;
import com.descope.model.jwt.Token;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.SmtpServer;
import com.descope.enums.DeliveryMethod;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The official Descope Java SDK (com.descope:java-sdk, Maven Central) pointed at auth-service's base URL:
 * an app written for Descope works against Gatehouse by changing only that URL.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class DescopeSdkCompatibilityTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @Inject
    OneTimeCodes codes;

    @Test
    void exchangeValidateCheckRolesRefreshAndLogoutWithTheDescopeJavaSdk() throws Exception {
        String tenant = Gatehouse.newTenant();
        String user = Gatehouse.newUser(tenant, List.of("Tenant Admin"));
        String base = baseUrl.toString().replaceAll("/$", "");
        AuthenticationServices sdk = new DescopeClient(Config.builder()
                .projectId(Gatehouse.PROJECT_ID)
                .descopeBaseUrl(base)
                .build()).getAuthenticationServices();

        AuthenticationInfo info = sdk.getOauthService().exchangeToken(Gatehouse.codeFor(codes, user, tenant));
        assertThat(info.getUser().getUserId()).isEqualTo(user);

        Token session = sdk.getAuthService().validateSessionWithToken(info.getToken().getJwt());
        assertThat(session.getId()).isEqualTo(user);
        assertThat(sdk.getAuthService().validateRoles(session, tenant, List.of("Tenant Admin"))).isTrue();
        assertThat(sdk.getAuthService().validateRoles(session, tenant, List.of("Owner"))).isFalse();

        Token refreshed = sdk.getAuthService().refreshSessionWithToken(info.getRefreshToken().getJwt());
        assertThat(refreshed.getJwt()).isNotEqualTo(info.getToken().getJwt());

        sdk.getAuthService().logout(info.getRefreshToken().getJwt());
        assertThrows(DescopeException.class, () -> sdk.getAuthService().refreshSessionWithToken(info.getRefreshToken().getJwt()));
    }

    @Test
    void signInByEmailCodeAndMagicLinkWithTheDescopeJavaSdk() throws Exception {
        String base = baseUrl.toString().replaceAll("/$", "");
        AuthenticationServices sdk = new DescopeClient(Config.builder()
                .projectId(Gatehouse.PROJECT_ID)
                .descopeBaseUrl(base)
                .build()).getAuthenticationServices();
        String email = "sdk" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@mail.example";

        String masked = sdk.getOtpService().signUpOrIn(DeliveryMethod.EMAIL, email);
        assertThat(masked).endsWith("@mail.example").contains("***");
        String code = SmtpServer.code(SmtpServer.latestTo(email));
        AuthenticationInfo byCode = sdk.getOtpService().verifyCode(DeliveryMethod.EMAIL, email, code);
        assertThat(byCode.getUser().getEmail()).isEqualTo(email);
        assertThat(sdk.getAuthService().validateSessionWithToken(byCode.getToken().getJwt()).getId())
                .isEqualTo(byCode.getUser().getUserId());

        assertThat(sdk.getMagicLinkService().signUpOrIn(DeliveryMethod.EMAIL, email, Gatehouse.REDIRECT)).contains("***");
        String link = SmtpServer.link(SmtpServer.part(SmtpServer.latestTo(email), "text/plain"));
        AuthenticationInfo byLink = sdk.getMagicLinkService().verify(link.substring(link.indexOf("t=") + 2));
        assertThat(byLink.getUser().getUserId()).isEqualTo(byCode.getUser().getUserId());
        assertThrows(DescopeException.class, () -> sdk.getOtpService().verifyCode(DeliveryMethod.EMAIL, email, code));
    }
}
