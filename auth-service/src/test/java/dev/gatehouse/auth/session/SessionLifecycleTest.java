package dev.gatehouse.auth.session;

import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MutableClock;
import dev.gatehouse.auth.support.Nimbus;
import dev.gatehouse.auth.support.Sql;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.auth.support.Gatehouse.exchange;
import static dev.gatehouse.auth.support.Gatehouse.withRefresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
class SessionLifecycleTest {

    @Inject
    OneTimeCodes codes;

    @Inject
    MutableClock clock;

    @Inject
    AuthSessions authSessions;

    @Inject
    DataSource dataSource;

    String tenant;
    String admin;

    @BeforeEach
    void aTenantAdmin() {
        tenant = Gatehouse.newTenant();
        admin = Gatehouse.newUser(tenant, List.of("Tenant Admin"));
    }

    @Test
    void exchangeReturnsTheDescopeShapedSessionVerifiableByAnotherLibrary() throws Exception {
        var body = exchange(Gatehouse.codeFor(codes, admin, tenant)).statusCode(200)
                .body("refreshJwt", notNullValue())
                .body("cookiePath", equalTo("/"))
                .body("firstSeen", equalTo(false))
                .body("user.userId", equalTo(admin))
                .body("user.userTenants[0].tenantId", equalTo(tenant))
                .body("user.status", equalTo("enabled"))
                .extract();
        JWTClaimsSet claims = Nimbus.verify(body.path("sessionJwt"));
        assertThat(claims.getSubject()).isEqualTo(admin);
        assertThat(claims.getIssuer()).isEqualTo("http://localhost:8081/PgatehouseDemoProjectId00001");
        assertThat(claims.getAudience()).containsExactly("PgatehouseDemoProjectId00001");
        assertThat(claims.getStringClaim("dct")).isEqualTo(tenant);
        assertThat(claims.getStringListClaim("groups")).containsExactly("Tenant Admin");
        assertThat(claims.getStringListClaim("amr")).containsExactly("saml");
        assertThat(claims.getJSONObjectClaim("tenants")).containsKey(tenant);
        assertThat(claims.getStringClaim("sid")).isNotBlank();
        assertThat(claims.getExpirationTime().toInstant()).isBefore(clock.instant().plus(Duration.ofMinutes(11)));
        JWTClaimsSet refresh = Nimbus.verify(body.path("refreshJwt"));
        assertThat(refresh.getStringClaim("drn")).isEqualTo("DSR");
        assertThat(refresh.getExpirationTime().toInstant()).isAfter(clock.instant().plus(Duration.ofDays(29)));
    }

    @Test
    void codeIsSingleUseAndReplayRevokesTheSessionItStarted() {
        String code = Gatehouse.codeFor(codes, admin, tenant);
        String refreshJwt = exchange(code).statusCode(200).extract().path("refreshJwt");
        exchange(code).statusCode(401).contentType("application/problem+json")
                .body("errorCode", equalTo("E061003")).body("errorMessage", equalTo("code was already used"));
        withRefresh(refreshJwt).post("/v1/auth/refresh").then().statusCode(401);
    }

    @Test
    void concurrentReplaysOfACodeStartOneSessionAndAlwaysRevokeIt() throws Exception {
        String code = Gatehouse.codeFor(codes, admin, tenant);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            Callable<ExtractableResponse<Response>> once = () -> exchange(code).extract();
            var answers = pool.invokeAll(Collections.nCopies(6, once));
            List<String> refreshJwts = new ArrayList<>();
            int refused = 0;
            for (var answer : answers) {
                var response = answer.get();
                if (response.statusCode() == 200) {
                    refreshJwts.add(response.path("refreshJwt"));
                } else {
                    assertThat(response.statusCode()).isEqualTo(401);
                    refused++;
                }
            }
            assertThat(refreshJwts).hasSize(1);
            assertThat(refused).isEqualTo(5);
            withRefresh(refreshJwts.get(0)).post("/v1/auth/refresh").then().statusCode(401);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDescopeExchangeNeedsNoRedirectUrl() {
        exchange(Gatehouse.codeFor(codes, admin, tenant)).statusCode(200);
    }

    @Test
    void expiredCodeIsRefused() {
        String code = Gatehouse.codeFor(codes, admin, tenant);
        clock.advance(Duration.ofSeconds(61));
        exchange(code).statusCode(401).body("detail", equalTo("code has expired"));
    }

    @Test
    void codeIsBoundToItsRedirectUrl() {
        String code = Gatehouse.codeFor(codes, admin, tenant);
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(dev.gatehouse.auth.common.ApiException.class,
                () -> codes.redeem(code, "http://localhost:8080/elsewhere")).errorCode()).isEqualTo("E061006");
    }

    @Test
    void unknownCodeAndMissingCodeAreRefused() {
        exchange("not-a-code").statusCode(401).body("errorCode", equalTo("E061002"));
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + Gatehouse.PROJECT_ID)
                .body("{}").post("/v1/auth/oauth/exchange").then().statusCode(400);
        // Longer than any code we issue: refused before a lookup, and not echoed.
        exchange("c".repeat(201)).statusCode(400).body("errorCode", equalTo("E400010"))
                .body("detail", equalTo("code: must be at most 200 characters"));
    }

    @Test
    void wrongProjectIdIsRefused() {
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer PsomeOtherProjectId0000000001")
                .body(Map.of("code", Gatehouse.codeFor(codes, admin, tenant))).post("/v1/auth/oauth/exchange")
                .then().statusCode(401).body("detail", equalTo("unknown project id"));
    }

    @Test
    void refreshRotatesTheRefreshJwt() {
        String first = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        String second = withRefresh(first).post("/v1/auth/refresh").then().statusCode(200)
                .body("refreshJwt", not(equalTo(first))).extract().path("refreshJwt");
        withRefresh(second).post("/v1/auth/refresh").then().statusCode(200);
    }

    @Test
    void concurrentRefreshesWithinTheReuseIntervalEachGetAWorkingSuccessor() {
        String first = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        String tabA = withRefresh(first).post("/v1/auth/refresh").then().statusCode(200).extract().path("refreshJwt");
        String tabB = withRefresh(first).post("/v1/auth/refresh").then().statusCode(200).extract().path("refreshJwt");
        assertThat(tabB).isNotEqualTo(tabA);
        clock.advance(Duration.ofSeconds(11));
        withRefresh(tabB).post("/v1/auth/refresh").then().statusCode(200);
    }

    @Test
    void aSiblingOfAnOlderRotationIsReuseOnceTheIntervalHasPassed() {
        String first = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        String tabA = withRefresh(first).post("/v1/auth/refresh").then().statusCode(200).extract().path("refreshJwt");
        String tabB = withRefresh(first).post("/v1/auth/refresh").then().statusCode(200).extract().path("refreshJwt");
        withRefresh(tabA).post("/v1/auth/refresh").then().statusCode(200);
        clock.advance(Duration.ofSeconds(11));
        withRefresh(tabB).post("/v1/auth/refresh").then().statusCode(401).body("errorCode", equalTo("E061103"));
    }

    @Test
    void reuseOfARotatedRefreshJwtRevokesTheWholeSession() {
        String first = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        String second = withRefresh(first).post("/v1/auth/refresh").then().statusCode(200).extract().path("refreshJwt");
        clock.advance(Duration.ofSeconds(11));
        withRefresh(first).post("/v1/auth/refresh").then().statusCode(401)
                .body("errorCode", equalTo("E061103"));
        withRefresh(second).post("/v1/auth/refresh").then().statusCode(401);
        Gatehouse.management().queryParam("action", "session.refresh-reuse").get("/v1/mgmt/audit")
                .then().body("items[0].actor", equalTo("auth:user:" + admin));
    }

    @Test
    void revokedRoleIsGoneAfterRefresh() throws Exception {
        String refreshJwt = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        Gatehouse.management().delete("/v1/mgmt/tenants/" + tenant + "/users/" + admin + "/roles/Tenant Admin")
                .then().statusCode(200);
        String session = withRefresh(refreshJwt).post("/v1/auth/refresh").then().statusCode(200).extract().path("sessionJwt");
        assertThat(Nimbus.verify(session).getStringListClaim("groups")).isEmpty();
    }

    @Test
    void disabledUserCannotRefresh() {
        String refreshJwt = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        Gatehouse.management().post("/v1/mgmt/users/" + admin + "/disable").then().statusCode(200);
        withRefresh(refreshJwt).post("/v1/auth/refresh").then().statusCode(401).body("errorCode", equalTo("E061102"));
    }

    @Test
    void logoutEndsTheSession() {
        String refreshJwt = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        withRefresh(refreshJwt).post("/v1/auth/logout").then().statusCode(200);
        withRefresh(refreshJwt).post("/v1/auth/refresh").then().statusCode(401);
        withRefresh(refreshJwt).get("/v1/auth/me").then().statusCode(401);
    }

    @Test
    void logoutAllEndsEverySessionOfTheUser() {
        String one = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        String two = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        withRefresh(one).post("/v1/auth/logoutall").then().statusCode(200);
        withRefresh(two).post("/v1/auth/refresh").then().statusCode(401);
    }

    @Test
    void refreshJwtIsAcceptedFromTheDsrCookie() {
        String refreshJwt = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        RestAssured.given().header("Authorization", "Bearer " + Gatehouse.PROJECT_ID).cookie("DSR", refreshJwt)
                .post("/v1/auth/refresh").then().statusCode(200);
    }

    @Test
    void meReturnsTheCurrentUser() {
        String refreshJwt = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        withRefresh(refreshJwt).get("/v1/auth/me").then().statusCode(200)
                .body("userId", equalTo(admin)).body("userTenants[0].roleNames[0]", equalTo("Tenant Admin"));
    }

    @Test
    void selectTenantSetsDctAndGroups() throws Exception {
        String second = Gatehouse.newTenant();
        Gatehouse.management().put("/v1/mgmt/users/" + admin + "/tenants/" + second).then().statusCode(200);
        String refreshJwt = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        String session = withRefresh(refreshJwt).contentType(ContentType.JSON).body(Map.of("tenant", second))
                .post("/v1/auth/tenant/select").then().statusCode(200).extract().path("sessionJwt");
        JWTClaimsSet claims = Nimbus.verify(session);
        assertThat(claims.getStringClaim("dct")).isEqualTo(second);
        assertThat(claims.getStringListClaim("groups")).isEmpty();
        withRefresh(refreshJwt).contentType(ContentType.JSON).body(Map.of("tenant", "not-mine"))
                .post("/v1/auth/tenant/select").then().statusCode(400);
        // A tenant id longer than any (64) is refused before the lookup, and not echoed back.
        withRefresh(refreshJwt).contentType(ContentType.JSON).body(Map.of("tenant", "T" + "x".repeat(5000)))
                .post("/v1/auth/tenant/select").then().statusCode(400).body("errorCode", equalTo("E400010"))
                .body("detail", equalTo("tenant: must be at most 64 characters"));
    }

    @Test
    void sessionsAreKeptInPostgres() {
        String refreshJwt = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        assertThat(countSessions(admin)).isEqualTo(1);
        withRefresh(refreshJwt).post("/v1/auth/refresh").then().statusCode(200);
    }

    long countSessions(String userId) {
        return Sql.count(dataSource, "select count(*) from auth_session where user_id = ?", userId);
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() {
        String refreshJwt = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        assertThat(storedRefreshHashes(admin)).containsExactly(dev.gatehouse.common.Secrets.sha256(refreshJwt));
    }

    @Test
    void aBurstOfParallelRefreshesGetsExactlyOneRotationPlusSiblingsAndNoFalseRevocation() throws Exception {
        String first = exchange(Gatehouse.codeFor(codes, admin, tenant)).extract().path("refreshJwt");
        int tabs = 6;
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        try {
            // Every tab presents the same token at once: one rotates it, the others get sibling successors.
            Callable<ExtractableResponse<Response>> refreshFirst = () -> withRefresh(first).post("/v1/auth/refresh").then().extract();
            List<String> chains = new ArrayList<>();
            for (var answer : pool.invokeAll(Collections.nCopies(tabs, refreshFirst))) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
                chains.add(answer.get().path("refreshJwt"));
            }
            assertThat(chains).doesNotHaveDuplicates();
            AuthSession burst = sessionOf(admin);
            assertThat(burst.currentHashes).hasSize(tabs);
            assertThat(burst.previousHashes).containsExactly(dev.gatehouse.common.Secrets.sha256(first));
            assertThat(burst.revokedAt).isNull();

            // Each tab goes on with its own chain, in parallel, inside the reuse interval: none is taken for reuse.
            for (int round = 0; round < 3; round++) {
                List<Callable<String>> next = chains.stream().<Callable<String>>map(token -> () ->
                        withRefresh(token).post("/v1/auth/refresh").then().statusCode(200).extract().path("refreshJwt")).toList();
                List<String> advanced = new ArrayList<>();
                for (var answer : pool.invokeAll(next)) {
                    advanced.add(answer.get());
                }
                chains = advanced;
            }
            assertThat(sessionOf(admin).revokedAt).isNull();
        } finally {
            pool.shutdownNow();
        }
        // Past the interval, the very first token is reuse: the whole family ends.
        clock.advance(Duration.ofSeconds(11));
        withRefresh(first).post("/v1/auth/refresh").then().statusCode(401).body("errorCode", equalTo("E061103"));
        assertThat(sessionOf(admin).revokeReason).isEqualTo("refresh-reuse");
    }

    AuthSession sessionOf(String userId) {
        return authSessions.find(Sql.text(dataSource, "select id from auth_session where user_id = ?", userId)).orElseThrow();
    }

    String[] storedRefreshHashes(String userId) {
        return sessionOf(userId).currentHashes;
    }
}
