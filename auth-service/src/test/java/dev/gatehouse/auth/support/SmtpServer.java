package dev.gatehouse.auth.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gatehouse.devmail.MailParts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GreenMail (Maven Central): a real SMTP server that auth-service sends its sign-in mails to, read by the tests. */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail server;

    @Override
    public Map<String, String> start() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
        return Map.of("quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(server.getSmtp().getPort()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The latest mail to {@code address}, waiting up to 10 s for it. */
    public static MimeMessage latestTo(String address) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            Optional<MimeMessage> found = Arrays.stream(server.getReceivedMessagesForDomain(address))
                    .reduce((first, second) -> second);
            if (found.isPresent()) {
                return found.get();
            }
            sleep();
        }
        throw new AssertionError("no mail to " + address + " within 10 s");
    }

    /** The six-digit code in a sign-in mail's text. */
    public static String code(MimeMessage mail) {
        Matcher matcher = Pattern.compile("\\b(\\d{6})\\b").matcher(part(mail, "text/plain"));
        if (!matcher.find()) {
            throw new AssertionError("no code in the mail");
        }
        return matcher.group(1);
    }

    /** The magic link in a mail's text. */
    public static String link(String text) {
        Matcher matcher = Pattern.compile("(https?://\\S+[?&]t=[A-Za-z0-9_-]+)").matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no link in " + text);
        }
        return matcher.group(1);
    }

    public static int countTo(String address) {
        return server.getReceivedMessagesForDomain(address).length;
    }

    /** A part of a multipart mail by its content type ({@code text/plain} or {@code text/html}). */
    public static String part(Message message, String type) {
        try {
            return MailParts.part(message, type).orElseThrow(() -> new AssertionError("no " + type + " part"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
