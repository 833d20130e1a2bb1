package dev.gatehouse.auth.oauth;

import dev.gatehouse.auth.support.Browser;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.GitHubStandIn;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.UUID;

import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static dev.gatehouse.auth.support.Gatehouse.REDIRECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** GitHub (plain OAuth 2.0 + user API): the numeric id is the subject; only a primary, verified email counts. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GitHubStandIn.class, scope = TestResourceScope.GLOBAL)
class GitHubLoginTest {

    @Test
    void signsInWithAVerifiedPrimaryEmail() {
        String login = "octo" + UUID.randomUUID().toString().substring(0, 6);
        GitHubStandIn.nextUser(Math.abs(login.hashCode()), login, login + "@users.example", true, true);
        Gatehouse.exchange(code()).statusCode(200)
                .body("user.email", equalTo(login + "@users.example"))
                .body("user.name", equalTo(login))
                .body("user.oAuth.github", equalTo(true));
    }

    @Test
    void anUnverifiedEmailIsNotTaken() {
        String login = "octo" + UUID.randomUUID().toString().substring(0, 6);
        GitHubStandIn.nextUser(Math.abs(login.hashCode()), login, login + "@users.example", true, false);
        Gatehouse.exchange(code()).statusCode(200).body("user.email", nullValue()).body("user.name", equalTo(login));
    }

    private static String code() {
        String url = RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID)
                .queryParam("provider", "github").queryParam("redirectURL", REDIRECT)
                .post("/v1/auth/oauth/authorize").then().statusCode(200).extract().path("url");
        assertThat(url).contains("/login/oauth/authorize?").contains("code_challenge_method=S256");
        URI back = Browser.callback(Browser.visitIdp(url));
        String code = Browser.query(back.toString()).get("code");
        assertThat(code).as("redirect " + back).isNotNull();
        return code;
    }
}
