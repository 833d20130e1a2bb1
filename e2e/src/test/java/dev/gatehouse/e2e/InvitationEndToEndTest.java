package dev.gatehouse.e2e;

import dev.gatehouse.devmail.MailParts;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An invitation in Chromium, end to end: a tenant admin invites on the Users page, the mail arrives (GreenMail),
 * the invitee opens the link in another browser, signs in by email, comes back to the invitation, joins, and is
 * in the tenant with the role they were given.
 */
class InvitationEndToEndTest extends BrowserSuite {

    @Test
    void anAdminInvitesAndTheInviteeJoinsWithTheRole() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "initech-" + suffix;
        String adminEmail = "boss-" + suffix + "@example.org";
        String invitee = "newbie-" + suffix + "@example.org";
        stack.management().body(Map.of("id", tenant, "name", "Initech " + suffix)).post("/v1/mgmt/tenants").then().statusCode(201);
        stack.management().body(Map.of("email", adminEmail, "name", "Bill Boss",
                        "tenants", List.of(Map.of("tenantId", tenant, "roleNames", List.of("Tenant Admin")))))
                .post("/v1/mgmt/users").then().statusCode(201);

        EmailSignInEndToEndTest.signInByCode(browser, stack, adminEmail);
        new Select(browser.driver.findElement(By.id("tenant-select"))).selectByValue(tenant);
        browser.click("tenant-switch");
        browser.waitFor("admin-badge");
        browser.click("admin-users");
        browser.type("invite-email", invitee);
        new Select(browser.driver.findElement(By.id("invite-role"))).selectByVisibleText("Tenant Admin");
        browser.click("invite-send");
        browser.waitFor("users-message");
        assertThat(browser.text("users-message")).contains("Invitation mailed to " + invitee);
        assertThat(browser.text("invitation-status-0")).isEqualTo("pending");
        browser.screenshot("invite-01-sent");

        MimeMessage mail = EmailSignInEndToEndTest.awaitMail(invitee, 1);
        assertThat(mail.getSubject()).contains("Initech " + suffix);
        Matcher link = Pattern.compile("(http://\\S+/invitations/accept\\?invitation=[A-Za-z0-9_%-]+)")
                .matcher(MailParts.part(mail, "text/plain").orElseThrow());
        assertThat(link.find()).isTrue();

        // The invitee, in a fresh browser: the link, then sign-in by email, then back to accept.
        browser.forgetEverything();
        browser.open(link.group(1));
        browser.waitFor("invitation-summary");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("invitation=");
        assertThat(browser.text("invitation-summary")).contains("Initech " + suffix).contains(invitee);
        browser.screenshot("invite-02-landing");
        browser.click("invitation-sign-in");
        browser.type("login-email", invitee);
        browser.click("email-code");
        browser.waitFor("code");
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(MailParts.part(EmailSignInEndToEndTest.awaitMail(invitee, 2), "text/plain").orElseThrow());
        assertThat(code.find()).isTrue();
        browser.type("code", code.group(1));
        browser.click("verify-code");
        browser.waitFor("invitation-accept");
        browser.click("invitation-accept");
        browser.waitFor("name");
        assertThat(browser.text("email")).isEqualTo(invitee);
        assertThat(browser.text("tenant")).startsWith(tenant);
        assertThat(browser.has("admin-badge")).isTrue();
        browser.screenshot("invite-03-joined");

        stack.management().get("/v1/mgmt/tenants/" + tenant + "/invitations").then().statusCode(200)
                .body("[0].status", org.hamcrest.Matchers.equalTo("accepted"));
        stack.management().queryParam("tenant", tenant).queryParam("type", "invitation.accepted").get("/v1/mgmt/events")
                .then().statusCode(200).body("data", org.hamcrest.Matchers.hasSize(1));
    }
}
