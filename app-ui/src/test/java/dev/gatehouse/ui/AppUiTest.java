package dev.gatehouse.ui;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class AppUiTest {

    @Test
    void signedOutPageRenders() {
        given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("You're not logged in"));
    }

    @Test
    void unknownPageIsAFriendlyPageForBrowsersAndProblemJsonForApis() {
        given().accept("text/html").get("/no-such-page").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("This page does not exist."));
        given().accept("application/json").get("/no-such-page").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void healthMetricsAndOpenApi() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
