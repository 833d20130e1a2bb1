package dev.gatehouse.auth.mfa;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.MutableClock;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.Oathtool;
import dev.gatehouse.auth.support.SmtpServer;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's second-factor policy ({@code gatehouse.mfa.required-for-project}): a single-factor session gets no
 * roles anywhere until it has a second factor; a tenant's own SSO answers for that tenant only.
 */
@QuarkusTest
@TestProfile(ProjectMfaPolicyTest.ProjectPolicy.class)
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class ProjectMfaPolicyTest {

    public static class ProjectPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gatehouse.mfa.required-for-project", "true");
        }
    }

    @Inject
    OneTimeCodes codes;

    @Inject
    MutableClock clock;

    @Test
    void aSingleFactorSessionGetsNoRolesUntilItHasASecondFactor() throws Exception {
        String tenant = Gatehouse.newTenant();
        String other = Gatehouse.newTenant();
        String userId = Gatehouse.newUser(tenant, List.of("Tenant Admin"));
        Gatehouse.management().put("/v1/mgmt/users/" + userId + "/tenants/" + other).then().statusCode(200);

        var social = Gatehouse.exchange(codes.issue(new OneTimeCodes.CompletedLogin(userId, null, "oauth", Gatehouse.REDIRECT, false)))
                .statusCode(200).extract();
        JWTClaimsSet single = Nimbus.verify(social.path("sessionJwt"));
        assertThat(single.getStringListClaim("mfa_pending")).containsExactlyInAnyOrder(tenant, other, PROJECT_ID);
        assertThat(roles(single, tenant)).isEmpty();
        assertThat(single.getStringListClaim("roles")).isEmpty();

        // The tenant's SSO answers for that tenant, not for the other one.
        JWTClaimsSet sso = Nimbus.verify(Gatehouse.exchange(Gatehouse.codeFor(codes, userId, tenant)).statusCode(200)
                .extract().path("sessionJwt"));
        assertThat(sso.getStringListClaim("mfa_pending")).containsExactly(other);
        assertThat(roles(sso, tenant)).containsExactly("Tenant Admin");

        // TOTP enrolled and stepped up: nothing is pending.
        String refresh = social.path("refreshJwt");
        String key = Gatehouse.withRefresh(refresh).contentType("application/json").body(Map.of("loginId", social.path("user.email")))
                .post("/v1/auth/totp/update").then().statusCode(200).extract().path("key");
        String stepped = Gatehouse.withRefresh(refresh).contentType("application/json")
                .body(Map.of("loginId", social.path("user.email"), "code", Oathtool.code(key, clock, 0),
                        "loginOptions", Map.of("mfa", true)))
                .post("/v1/auth/totp/verify").then().statusCode(200).extract().path("sessionJwt");
        JWTClaimsSet full = Nimbus.verify(stepped);
        assertThat(full.getClaim("mfa_pending")).isNull();
        assertThat(roles(full, tenant)).containsExactly("Tenant Admin");
    }

    @SuppressWarnings("unchecked")
    private static List<String> roles(JWTClaimsSet claims, String tenant) throws Exception {
        return (List<String>) ((Map<String, Object>) claims.getJSONObjectClaim("tenants").get(tenant)).get("roles");
    }
}
