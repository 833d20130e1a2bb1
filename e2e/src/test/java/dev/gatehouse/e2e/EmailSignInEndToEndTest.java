package dev.gatehouse.e2e;

import dev.gatehouse.devmail.MailParts;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Sign in with email" in the demo app, in Chromium, with the real mail: auth-service sends it to an SMTP server
 * (GreenMail) that this test reads, as a person reads their mailbox.
 */
class EmailSignInEndToEndTest extends BrowserSuite {

    @Test
    void aNewcomerSignsInWithATypedCodeThenWithALink() throws Exception {
        String email = "newcomer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        signInByCode(browser, stack, email);
        assertThat(browser.text("email")).isEqualTo(email);
        browser.screenshot("email-02-signed-in-by-code");
        browser.click("logout");
        browser.waitFor("login-email");

        browser.type("login-email", email);
        browser.click("email-link");
        // The signed-out page being left has a "status" too: wait for the new page's words.
        browser.waitForText("status", "sign-in link");
        Matcher link = Pattern.compile("(http://\\S+[?&]t=[A-Za-z0-9_-]+)").matcher(text(awaitMail(email, 2)));
        assertThat(link.find()).isTrue();
        browser.open(link.group(1));
        browser.waitFor("name");
        assertThat(browser.text("email")).isEqualTo(email);
    }

    /** Signs a (new) user in by a mailed code, through the demo app's "Sign in with email". */
    static void signInByCode(Browser browser, Stack stack, String email) throws Exception {
        browser.forgetEverything();
        browser.open(stack.uiUrl());
        browser.type("login-email", email);
        browser.click("email-code");
        browser.waitFor("code");
        assertThat(browser.text("status")).contains(email.charAt(0) + "***@");
        browser.screenshot("email-01-code-sent");
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(text(awaitMail(email, 1)));
        assertThat(code.find()).isTrue();
        browser.type("code", code.group(1));
        browser.click("verify-code");
        browser.waitFor("name");
    }

    /** The {@code count}th mail to {@code to} in the suite's mailbox, waiting up to 20 s for it. */
    static MimeMessage awaitMail(String to, int count) throws InterruptedException {
        Stack stack = Stack.get();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            MimeMessage[] mails = stack.mailbox().getReceivedMessagesForDomain(to);
            if (mails.length >= count) {
                return mails[mails.length - 1];
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " mails to " + to + " within 20 s");
    }

    private static String text(MimeMessage mail) throws Exception {
        return MailParts.part(mail, "text/plain").orElseThrow(() -> new AssertionError("no text part in the mail"));
    }
}
