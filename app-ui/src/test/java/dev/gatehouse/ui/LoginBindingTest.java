package dev.gatehouse.ui;

import dev.gatehouse.ui.support.AuthPeer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login is bound to the browser that started it (login CSRF, design.md §6), and a throttled or failing
 * refresh never signs anyone out. auth-service is the test peer here; the browser suite runs the real one.
 */
@QuarkusTest
@WithTestResource(value = AuthPeer.class, scope = TestResourceScope.GLOBAL)
class LoginBindingTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    @Test
    void startingALoginSetsABindingCookieAndPutsItsDigestIntoTheCallbackUrl() {
        Started started = startSso("alice@acme.test");
        assertThat(started.binding()).isNotBlank();
        assertThat(started.setCookie()).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/auth/callback");
        assertThat(started.callbackUrl()).startsWith("http://localhost:8080/auth/callback?login=");
        assertThat(started.callbackUrl()).doesNotContain(started.binding());
    }

    @Test
    void theBrowserThatStartedTheLoginIsSignedIn() {
        Started started = startSso("alice@acme.test");
        Response callback = callback(started.callbackUrl(), "code-for:u-bound", started.binding());
        assertThat(callback.statusCode()).isEqualTo(303);
        assertThat(callback.headers().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("DS=ey"))
                .anyMatch(c -> c.startsWith("GH_LOGIN=;") || c.startsWith("GH_LOGIN=\"\""));
        assertThat(AuthPeer.EXCHANGED).contains("code-for:u-bound");
    }

    @Test
    void aCallbackInABrowserThatDidNotStartTheLoginIsRefusedAndTheCodeIsNotSpent() {
        Started attackers = startSso("mallory@acme.test");
        Response victim = callback(attackers.callbackUrl(), "code-for:mallory", null);
        assertThat(victim.statusCode()).isEqualTo(400);
        assertThat(victim.asString()).contains("not started in this browser");
        assertThat(victim.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("DS=ey"));
        assertThat(AuthPeer.EXCHANGED).doesNotContain("code-for:mallory");
    }

    @Test
    void aBindingCookieOfAnotherLoginDoesNotMatch() {
        Started mine = startSso("alice@acme.test");
        Started attackers = startSso("mallory@acme.test");
        assertThat(callback(attackers.callbackUrl(), "code-for:mallory2", mine.binding()).statusCode()).isEqualTo(400);
        assertThat(AuthPeer.EXCHANGED).doesNotContain("code-for:mallory2");
    }

    @Test
    void theVisitorsAddressGoesToAuthServiceSoOneVisitorCannotThrottleAnother() {
        startSso("alice@acme.test", "203.0.113.7");
        assertThat(AuthPeer.FORWARDED_FOR.get(AuthPeer.FORWARDED_FOR.size() - 1)).isEqualTo("203.0.113.7");
        startSso("bob@acme.test", "198.51.100.9");
        assertThat(AuthPeer.FORWARDED_FOR.get(AuthPeer.FORWARDED_FOR.size() - 1)).isEqualTo("198.51.100.9");
    }

    @Test
    void aThrottledRefreshKeepsTheSessionAndSaysWhenToTryAgain() {
        Response response = expiredSession("refresh:throttled");
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("17");
        assertThat(response.asString()).contains("You are still signed in").contains("17 seconds");
        assertThat(response.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("DS") || c.startsWith("DSR"));
    }

    @Test
    void anAuthServiceOutageOnRefreshKeepsTheSession() {
        Response response = expiredSession("refresh:down");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("DS") || c.startsWith("DSR"));
    }

    private static Response expiredSession(String refreshJwt) {
        String expired = AuthPeer.session("u-busy", false, c -> c.setExpirationTimeMinutesInTheFuture(-1));
        return RestAssured.given().redirects().follow(false).accept("text/html").cookie("DS", expired).cookie("DSR", refreshJwt).get("/");
    }

    private static Response callback(String callbackUrl, String code, String binding) {
        var request = RestAssured.given().redirects().follow(false);
        if (binding != null) {
            request.cookie("GH_LOGIN", binding);
        }
        return request.urlEncodingEnabled(false).get(callbackUrl.replace("http://localhost:8080", "") + "&code=" + code);
    }

    private static Started startSso(String email) {
        return startSso(email, null);
    }

    private static Started startSso(String email, String forwardedFor) {
        Response page = RestAssured.get("/");
        Matcher csrf = CSRF_FIELD.matcher(page.asString());
        assertThat(csrf.find()).isTrue();
        var request = RestAssured.given().redirects().follow(false).cookies(page.getCookies())
                .contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("email", email, "csrf-token", csrf.group(1)));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        Response started = request.post("/login/sso");
        assertThat(started.statusCode()).isEqualTo(303);
        String location = started.header("Location");
        String callback = URLDecoder.decode(location.substring(location.indexOf("redirect_uri=") + "redirect_uri=".length()),
                StandardCharsets.UTF_8);
        String setCookie = started.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith("GH_LOGIN=")).findFirst()
                .orElseThrow();
        return new Started(callback, started.getCookie("GH_LOGIN"), setCookie);
    }

    record Started(String callbackUrl, String binding, String setCookie) {
    }
}
