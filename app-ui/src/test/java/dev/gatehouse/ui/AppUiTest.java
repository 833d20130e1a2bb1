package dev.gatehouse.ui;

import dev.gatehouse.ui.support.AuthPeer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(value = AuthPeer.class, scope = TestResourceScope.GLOBAL)
class AppUiTest {

    @Test
    void signedOutPageOffersGoogleSsoAndEmail() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("You're not logged in"))
                .body(containsString("Sign In with Google"))
                .body(containsString("Sign in with SSO"))
                .body(containsString("Email me a code"))
                .body(containsString("Email me a link"))
                .body(containsString("name=\"csrf-token\""));
    }

    @Test
    void signedInPageShowsWhoYouAreFromTheVerifiedJwt() {
        withSession(AuthPeer.session("u1", false), null).get("/").then().statusCode(200)
                .body(containsString("Welcome! you're logged in"))
                .body(containsString("Alice Example")).body(containsString("alice@acme.test"))
                .body(containsString("acme")).body(not(containsString("id=\"admin-badge\"")));
    }

    @Test
    void adminBadgeOnlyWhenTheJwtGrantsTenantAdminInTheCurrentTenant() {
        withSession(AuthPeer.session("u2", true), null).get("/").then().body(containsString("id=\"admin-badge\""));
        withSession(AuthPeer.session("u3", true, c -> c.setClaim("dct", "other")), null).get("/")
                .then().body(not(containsString("id=\"admin-badge\"")));
    }

    @Test
    void expiredSessionIsRefreshedTransparently() {
        String expired = AuthPeer.session("u4", false, c -> c.setExpirationTimeMinutesInTheFuture(-1));
        Response response = withSession(expired, "refresh:u4:false").get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString()).contains("Welcome! you're logged in");
        assertThat(response.headers().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("DS=ey") && c.contains("HttpOnly")
                && c.contains("SameSite=Lax"));
    }

    @Test
    void failedRefreshSignsOut() {
        String expired = AuthPeer.session("u5", false, c -> c.setExpirationTimeMinutesInTheFuture(-1));
        Response response = withSession(expired, "revoked-token").get("/");
        assertThat(response.asString()).contains("You're not logged in");
        assertThat(response.headers().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("DSR=;") || c.startsWith("DSR=\"\""));
    }

    @Test
    void tamperedSessionIsRefusedAndClearedEvenWithARefreshToken() {
        String[] parts = AuthPeer.session("u6", false).split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("\"roles\":[]", "\"roles\":[\"Tenant Admin\"]").getBytes());
        Response response = withSession(parts[0] + "." + forged + "." + parts[2], "refresh:u6:true").get("/");
        assertThat(response.asString()).contains("You're not logged in").doesNotContain("admin-badge");
    }

    @Test
    void adminPagesAreForbiddenToPlainUsersAndStrangers() {
        withSession(AuthPeer.session("u7", false), null).get("/admin/sso").then().statusCode(403)
                .body(containsString("Only a Tenant Admin"));
        withSession(AuthPeer.session("u7", false), null).get("/admin/users").then().statusCode(403);
        given().get("/admin/sso").then().statusCode(403);
    }

    @Test
    void tenantAdminSeesTheSpDetailsToCopy() {
        withSession(AuthPeer.session("u8", true), null).get("/admin/sso").then().statusCode(200)
                .body(containsString("http://localhost:8081/saml/acs/acme"))
                .body(containsString("http://localhost:8081/saml/metadata/acme"))
                .body(containsString("No identity provider yet"))
                .body(containsString("acme.test"));
    }

    @Test
    void aTenantAdminWhoseSignInIsOlderThanTenMinutesConfirmsItsThemBeforeSsoSetup() {
        long elevenMinutesAgo = java.time.Instant.now().minusSeconds(660).getEpochSecond();
        String stale = AuthPeer.session("u10", true, c -> c.setClaim("auth_time", elevenMinutesAgo));
        withSession(stale, "refresh:u10:true").get("/admin/sso").then().statusCode(303)
                .header("Location", containsString("/account/confirm?next=%2Fadmin%2Fsso"));
        withSession(stale, "refresh:u10:true").contentType("application/x-www-form-urlencoded")
                .post("/admin/sso/test").then().statusCode(anyOf(equalTo(303), equalTo(400)));
        // A token without auth_time is treated as old, never as fresh.
        String unknownAge = AuthPeer.session("u11", true, c -> c.unsetClaim("auth_time"));
        withSession(unknownAge, "refresh:u11:true").get("/admin/sso").then().statusCode(303);
        // The confirmation page offers a passkey, an authenticator code, or signing in again; it goes back only here.
        withSession(stale, "refresh:u10:true").get("/account/confirm?next=/admin/sso").then().statusCode(200)
                .body(containsString("id=\"confirm-passkey\""), containsString("id=\"confirm-totp\""),
                        containsString("id=\"sign-in-again\""), containsString("value=\"/admin/sso\""));
        withSession(stale, "refresh:u10:true").get("/account/confirm?next=//evil.example/x").then().statusCode(200)
                .body(not(containsString("evil.example")));
    }

    @Test
    void aSessionThatATenantsSecondFactorPolicyWaitsForIsSentToTwoStepVerificationFirst() {
        String pending = AuthPeer.session("u12", true, c -> c.setClaim("mfa_pending", java.util.List.of("acme")));
        withSession(pending, "refresh:u12:true").get("/").then().statusCode(303)
                .header("Location", containsString("/account/two-step"));
        withSession(pending, "refresh:u12:true").get("/account/two-step").then().statusCode(200)
                .body(containsString("id=\"mfa-required\""), containsString("acme requires two-step verification"),
                        containsString("id=\"enrol\""), containsString("id=\"use-passkey\""));
    }

    @Test
    void yourSessionsNamesTheDevicesAndOffersToSignOutTheOthers() {
        withSession(AuthPeer.session("u13", false), "refresh:u13:false").header("User-Agent", "Visitor-Browser/1.0")
                .get("/account/sessions").then().statusCode(200)
                .body(containsString("Chrome on Linux"), containsString("Safari on iOS"), containsString("198.51.100.9"),
                        containsString("id=\"this-device\""), containsString("value=\"S-phone\""),
                        containsString("id=\"end-others\""), containsString("2026-11-30 18:00 UTC"))
                .body(not(containsString("value=\"S-here\"")));
        // The visitor's browser, not app-ui's HTTP client, is what auth-service records.
        assertThat(AuthPeer.USER_AGENTS).contains("Visitor-Browser/1.0");
    }

    @Test
    void formPostsWithoutTheCsrfTokenAreRefused() {
        given().contentType("application/x-www-form-urlencoded").formParam("provider", "google")
                .post("/login/social").then().statusCode(400);
        withSession(AuthPeer.session("u9", false), "refresh:u9:false").contentType("application/x-www-form-urlencoded")
                .post("/logout").then().statusCode(400);
    }

    @Test
    void callbackErrorIsShownClearly() {
        given().queryParam("error", "access_denied").queryParam("error_description", "the identity provider refused the sign-in")
                .get("/auth/callback").then().statusCode(400)
                .body(containsString("Sign-in failed: the identity provider refused the sign-in"));
    }

    @Test
    void healthMetricsAndOpenApi() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).contentType("application/yaml").body(containsString("/admin/sso"));
        // The extension gave each page a summary from its method's name; the build's filter does the same.
        given().get("/q/openapi.json").then().statusCode(200).body("info.title", equalTo("Gatehouse demo app"))
                .body("paths.'/admin/sso'.get.summary", equalTo("Admin Page"));
    }

    @Test
    void unknownPageIsAFriendlyPageForBrowsersAndProblemJsonForApis() {
        given().accept("text/html").get("/no-such-page").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("This page does not exist."));
        given().accept("application/json").get("/no-such-page").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void theSsoPageShowsTheScimUrlAndANewTokenOnlyOnce() {
        String fresh = AuthPeer.session("u18", true);
        withSession(fresh, null).get("/admin/sso").then().statusCode(200)
                .body(containsString("http://localhost:8082/scim/v2/acme"), containsString("st_old"),
                        containsString("id=\"scim-create-token\""), not(containsString("scim_s3cr3t")));
        Response page = withSession(fresh, null).get("/admin/sso");
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page.asString());
        assertThat(csrf.find()).isTrue();
        withSession(fresh, null).cookie("csrf-token", page.cookie("csrf-token")).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf.group(1)).post("/admin/sso/scim-token").then().statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                .body(containsString("id=\"scim-new-token\""), containsString("scim_s3cr3t-shown-once"));
    }

    @Test
    void signInEventsShowFailuresInPlainWordsToTheTenantsAdminsOnly() {
        withSession(AuthPeer.session("u14", true), null).get("/admin/sso/events").then().statusCode(200)
                .body(containsString("id=\"event-0-advice\""), containsString("RSA-SHA256"),
                        containsString("algorithm we refuse as weak"), containsString("bob@acme.test"),
                        containsString("2026-12-02 10:00:00Z"));
        withSession(AuthPeer.session("u15", false), null).get("/admin/sso/events").then().statusCode(403);
        given().get("/setup/not-a-link/events").then().statusCode(403);
    }

    @Test
    void anInvitationLinkLeavesTheAddressBarAndBringsTheSignedInInviteeBackToAccept() {
        Response landed = given().redirects().follow(false).get("/invitations/accept?invitation=" + AuthPeer.INVITATION);
        assertThat(landed.statusCode()).isEqualTo(303);
        assertThat(landed.header("Location")).endsWith("/invitations/accept");
        assertThat(landed.headers().getValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).contains("GH_INVITE=" + AuthPeer.INVITATION).containsIgnoringCase("HttpOnly"));
        given().cookie("GH_INVITE", AuthPeer.INVITATION).get("/invitations/accept").then().statusCode(200)
                .header("Referrer-Policy", "no-referrer")
                .body(containsString("id=\"invitation-summary\""), containsString("Acme"), containsString("id=\"invitation-sign-in\""));
        // Signed in (as the invited address): the home page sends them back to accept.
        withSession(AuthPeer.session("u16", false), null).cookie("GH_INVITE", AuthPeer.INVITATION).get("/").then()
                .statusCode(303).header("Location", containsString("/invitations/accept"));
        withSession(AuthPeer.session("u16", false), null).cookie("GH_INVITE", AuthPeer.INVITATION).get("/invitations/accept")
                .then().statusCode(200).body(containsString("id=\"invitation-accept\""));
        // Signed in as someone else: told to switch, no accept button.
        withSession(AuthPeer.session("u17", false, c -> c.setClaim("email", "mallory@evil.test")), null)
                .cookie("GH_INVITE", AuthPeer.INVITATION).get("/invitations/accept").then().statusCode(200)
                .body(containsString("id=\"invitation-other-address\""), not(containsString("id=\"invitation-accept\"")));
        given().cookie("GH_INVITE", "revoked-token-0123456789abcdef").get("/invitations/accept").then().statusCode(410)
                .body(containsString("revoked"));
        given().redirects().follow(false).get("/invitations/accept?invitation=%3Cscript%3E").then().statusCode(400);
        given().get("/invitations/accept").then().statusCode(404).body(containsString("no invitation to accept"));
    }

    private static io.restassured.specification.RequestSpecification withSession(String sessionJwt, String refreshJwt) {
        var request = RestAssured.given().redirects().follow(false).cookie("DS", sessionJwt);
        return refreshJwt == null ? request : request.cookie("DSR", refreshJwt);
    }
}
