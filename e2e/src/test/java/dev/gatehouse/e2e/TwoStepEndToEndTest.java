package dev.gatehouse.e2e;

import dev.gatehouse.testing.RequiredTool;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Set up two-step verification" in the demo app, in Chromium: the QR code and key are shown, a code computed by
 * Debian's oathtool (an implementation that is not ours) steps the session up, and the page says so.
 */
class TwoStepEndToEndTest extends BrowserSuite {

    @Test
    void aSignedInUserAddsAnAuthenticatorAppAndStepsUp() throws Exception {
        String email = "twostep-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        EmailSignInEndToEndTest.signInByCode(browser, stack, email);
        assertThat(browser.text("methods")).isEqualTo("otp");
        browser.click("two-step");
        browser.waitFor("enrol");
        browser.click("enrol");
        browser.waitFor("totp-qr");
        assertThat(browser.driver.findElement(org.openqa.selenium.By.id("totp-qr")).getAttribute("src"))
                .startsWith("data:image/png;base64,");
        assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("#recovery-codes li"))).hasSize(10);
        browser.screenshot("two-step-01-qr");
        String key = browser.text("totp-key");
        Process oathtool = new ProcessBuilder(RequiredTool.path("oathtool", "oathtool"), "--totp", "-b", key)
                .redirectErrorStream(true).start();
        String code = new String(oathtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(oathtool.waitFor()).isZero();
        browser.type("totp-code", code);
        browser.click("verify-totp");
        browser.waitFor("methods");
        assertThat(browser.text("methods")).isEqualTo("otp, totp");
        assertThat(browser.text("two-step")).isEqualTo("Two-step verification is on");
        browser.screenshot("two-step-02-stepped-up");
    }
}
