package dev.gatehouse.auth.totp;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.auth.session.OneTimeCodes;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.MutableClock;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.Oathtool;
import dev.gatehouse.auth.support.SmtpServer;
import dev.gatehouse.auth.support.Sql;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** TOTP (RFC 6238) with codes from Debian's oathtool, an implementation that is not ours. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class TotpTest {

    @Inject
    MutableClock clock;

    @Inject
    OneTimeCodes codes;

    @Inject
    DataSource dataSource;

    @Test
    void enrolStepUpAndSignInWithCodesFromOathtool() throws Exception {
        Signed in = signedInUser();
        var enrolment = withSession(in.refresh()).body(Map.of("loginId", in.email())).post("/v1/auth/totp/update").then()
                .statusCode(200).body("provisioningURL", startsWith("otpauth://totp/Gatehouse:"))
                .body("recoveryCodes", hasSize(10)).extract();
        String key = enrolment.path("key");
        assertThat((String) enrolment.path("provisioningURL")).contains("secret=" + key).contains("issuer=Gatehouse");
        assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) enrolment.path("image"))))).isNotNull();

        // Step-up: the session gains totp in amr, same session.
        String code = oathtool(key, 0);
        var stepped = withSession(in.refresh()).body(Map.of("loginId", in.email(), "code", code, "loginOptions", Map.of("stepup", true)))
                .post("/v1/auth/totp/verify").then().statusCode(200).extract();
        JWTClaimsSet claims = Nimbus.verify(stepped.path("sessionJwt"));
        assertThat(claims.getStringListClaim("amr")).containsExactly("saml", "totp");
        // A second factor raises acr; auth_time is the step-up's, for apps that want a fresh one before sensitive actions.
        assertThat(claims.getStringClaim("acr")).isEqualTo("urn:gatehouse:loa:2");
        assertThat(claims.getLongClaim("auth_time")).isGreaterThanOrEqualTo(in.authTime());
        // Each code once.
        verify(in.email(), code).statusCode(401).body("errorCode", equalTo("E064002"));

        // Sign-in by login id and the next step's code (one step either side is accepted).
        var signedIn = verify(in.email(), oathtool(key, 30)).statusCode(200).extract();
        assertThat(Nimbus.verify(signedIn.path("sessionJwt")).getStringListClaim("amr")).containsExactly("totp");

        // Outside the ±1 step window: refused.
        verify(in.email(), oathtool(key, -90)).statusCode(401);
        verify(in.email(), oathtool(key, 90)).statusCode(401);
    }

    @Test
    void aSessionThatEndedCannotBeSteppedUp() throws Exception {
        Signed in = signedInUser();
        String key = withSession(in.refresh()).body(Map.of("loginId", in.email())).post("/v1/auth/totp/update").then()
                .statusCode(200).extract().path("key");
        withSession(in.refresh()).body(Map.of()).post("/v1/auth/logout").then().statusCode(200);
        withSession(in.refresh()).body(Map.of("loginId", in.email(), "code", oathtool(key, 0), "loginOptions", Map.of("stepup", true)))
                .post("/v1/auth/totp/verify").then().statusCode(401).body("errorCode", equalTo("E061101"));
    }

    @Test
    void aRecoveryCodeWorksOnceAndWrongCodesLockTheFactor() throws Exception {
        Signed in = signedInUser();
        var enrolment = withSession(in.refresh()).body(Map.of("loginId", in.email())).post("/v1/auth/totp/update").then()
                .statusCode(200).extract();
        List<String> recovery = enrolment.path("recoveryCodes");
        verify(in.email(), recovery.get(0)).statusCode(200);
        verify(in.email(), recovery.get(0)).statusCode(401);

        for (int i = 0; i < 5; i++) {
            verify(in.email(), "000000".equals(oathtool(enrolment.path("key"), 0)) ? "111111" : "000000").statusCode(401);
        }
        // Locked: even the right code is refused, with the same answer, until 15 minutes have passed.
        verify(in.email(), oathtool(enrolment.path("key"), 0)).statusCode(401);
        // Fifteen minutes later (the lock is aged: the service's clock is shared by every test of the module).
        Instant past = Instant.now().plus(clock.offset()).minusSeconds(1);
        Sql.update(dataSource, "update totp_factor set locked_until = ? where user_id = ?", past, in.userId());
        verify(in.email(), oathtool(enrolment.path("key"), 0)).statusCode(200);
    }

    @Test
    void enrolmentNeedsASessionOfTheSameUserAndUnknownUsersGetTheSameAnswer() {
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID)
                .body(Map.of("loginId", "someone@example.org")).post("/v1/auth/totp/signup").then().statusCode(401)
                .body("errorCode", equalTo("E064001"));
        Signed in = signedInUser();
        withSession(in.refresh()).body(Map.of("loginId", "someone-else@example.org")).post("/v1/auth/totp/update").then()
                .statusCode(400).body("errorCode", equalTo("E064003"));
        verify("nobody-" + in.email(), "123456").statusCode(401).body("errorCode", equalTo("E064002"));
        // A user without the factor: the same answer.
        verify(in.email(), "123456").statusCode(401).body("errorCode", equalTo("E064002"));
    }

    @Test
    void aTenantThatRequiresASecondFactorGetsItsRolesIntoTokensOnlyWithOne() throws Exception {
        String tenant = Gatehouse.newTenant();
        Gatehouse.management().body(Map.of("mfaRequired", true)).patch("/v1/mgmt/tenants/" + tenant).then().statusCode(200)
                .body("mfaRequired", equalTo(true));
        String userId = Gatehouse.newUser(tenant, List.of("Tenant Admin"));

        // A social sign-in (one factor): the tenant is listed as pending, without roles.
        var social = Gatehouse.exchange(codes.issue(new OneTimeCodes.CompletedLogin(userId, null, "oauth", Gatehouse.REDIRECT, false)))
                .statusCode(200).extract();
        JWTClaimsSet single = Nimbus.verify(social.path("sessionJwt"));
        assertThat(single.getStringListClaim("mfa_pending")).containsExactly(tenant);
        assertThat(roles(single, tenant)).isEmpty();

        // The tenant's own SSO answers for its members' factors.
        JWTClaimsSet sso = Nimbus.verify(Gatehouse.exchange(Gatehouse.codeFor(codes, userId, tenant)).statusCode(200)
                .extract().path("sessionJwt"));
        assertThat(sso.getClaim("mfa_pending")).isNull();
        assertThat(roles(sso, tenant)).containsExactly("Tenant Admin");

        // Nor does tenant-service let the single-factor session administer the tenant.
        RestAssured.given().baseUri(TenantServiceStack.tenantServiceUrl()).header("Authorization", "Bearer " + social.path("sessionJwt"))
                .get("/v1/mgmt/tenants/" + tenant + "/users").then().statusCode(403)
                .body("detail", org.hamcrest.Matchers.containsString("two-step verification"));

        // Enrolled and stepped up, the social session gets the roles.
        String refresh = social.path("refreshJwt");
        String email = social.path("user.email");
        String key = withSession(refresh).body(Map.of("loginId", email)).post("/v1/auth/totp/update").then().statusCode(200)
                .extract().path("key");
        String steppedJwt = withSession(refresh).body(Map.of("loginId", email, "code", oathtool(key, 0),
                "loginOptions", Map.of("mfa", true))).post("/v1/auth/totp/verify").then().statusCode(200).extract().path("sessionJwt");
        JWTClaimsSet stepped = Nimbus.verify(steppedJwt);
        assertThat(stepped.getClaim("mfa_pending")).isNull();
        assertThat(roles(stepped, tenant)).containsExactly("Tenant Admin");
        RestAssured.given().baseUri(TenantServiceStack.tenantServiceUrl()).header("Authorization", "Bearer " + steppedJwt)
                .get("/v1/mgmt/tenants/" + tenant + "/users").then().statusCode(200);
    }

    /** What can tenant B do to tenant A? Its IdP's sign-in does not answer for A's second-factor policy. */
    @Test
    void anotherTenantsSsoDoesNotSatisfyATenantsSecondFactorPolicy() throws Exception {
        String strict = Gatehouse.newTenant();
        Gatehouse.management().body(Map.of("mfaRequired", true)).patch("/v1/mgmt/tenants/" + strict).then().statusCode(200);
        String lax = Gatehouse.newTenant();
        String userId = Gatehouse.newUser(strict, List.of("Tenant Admin"));
        Gatehouse.management().put("/v1/mgmt/users/" + userId + "/tenants/" + lax).then().statusCode(200);

        JWTClaimsSet viaLaxIdp = Nimbus.verify(Gatehouse.exchange(Gatehouse.codeFor(codes, userId, lax)).statusCode(200)
                .extract().path("sessionJwt"));
        assertThat(viaLaxIdp.getStringListClaim("mfa_pending")).containsExactly(strict);
        assertThat(roles(viaLaxIdp, strict)).isEmpty();
        assertThat(viaLaxIdp.getStringClaim("acr")).isEqualTo("urn:gatehouse:loa:1");
    }

    @SuppressWarnings("unchecked")
    private static List<String> roles(JWTClaimsSet claims, String tenant) throws Exception {
        return (List<String>) ((Map<String, Object>) claims.getJSONObjectClaim("tenants").get(tenant)).get("roles");
    }

    private record Signed(String userId, String email, String refresh, long authTime) {
    }

    /** A tenant user signed in (as by SAML), with an email address. */
    private Signed signedInUser() {
        String tenant = Gatehouse.newTenant();
        String userId = Gatehouse.newUser(tenant, List.of());
        var session = Gatehouse.exchange(Gatehouse.codeFor(codes, userId, tenant)).statusCode(200).extract();
        JWTClaimsSet claims;
        try {
            claims = Nimbus.verify(session.path("sessionJwt"));
            assertThat(claims.getStringClaim("acr")).isEqualTo("urn:gatehouse:loa:1");
            return new Signed(userId, session.path("user.email"), session.path("refreshJwt"), claims.getLongClaim("auth_time"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static io.restassured.specification.RequestSpecification withSession(String refresh) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID + ":" + refresh);
    }

    private static ValidatableResponse verify(String loginId, String code) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + PROJECT_ID)
                .body(Map.of("loginId", loginId, "code", code)).post("/v1/auth/totp/verify").then();
    }

    /** oathtool's code at the service's clock plus {@code offsetSeconds}. */
    private String oathtool(String base32Key, long offsetSeconds) throws IOException, InterruptedException {
        return Oathtool.code(base32Key, clock, offsetSeconds);
    }
}
