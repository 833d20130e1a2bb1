package dev.gatehouse.auth.passwordless;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The sign-in mails (and invitations), plain text and HTML, from Qute templates an operator can replace
 * ({@code gatehouse.email.templates-dir}), sent through the configured SMTP server (quarkus-mailer).
 */
@ApplicationScoped
public class SignInMail {

    private static final Logger LOG = Logger.getLogger(SignInMail.class);
    /** Two attempts (8 s) fit inside the 10 s app-ui's auth-service client waits, so the retry can reach the user. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(4);
    private static final String[] TEMPLATES = {"otp.txt", "otp.html", "magiclink.txt", "magiclink.html", "invitation.txt",
            "invitation.html"};

    @Inject
    Engine engine;

    @Inject
    ReactiveMailer mailer;

    @Inject
    AuthConfig config;

    private final Map<String, Template> templates = new HashMap<>();

    /** Reads the templates once, at start-up: a broken replacement stops the service rather than a sign-in. */
    void load(@Observes StartupEvent started) {
        for (String name : TEMPLATES) {
            Path replacement = config.email().templatesDir().map(dir -> Path.of(dir, name)).orElse(null);
            try {
                templates.put(name, replacement != null && Files.isRegularFile(replacement)
                        ? engine.parse(Files.readString(replacement))
                        : engine.getTemplate("mail/" + name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the mail template " + replacement, e);
            }
        }
    }

    void sendCode(String to, String code, int minutes) {
        send(to, "Your " + config.email().projectName() + " sign-in code: " + code, "otp",
                Map.of("code", code, "minutes", minutes));
    }

    void sendLink(String to, String link, int minutes) {
        send(to, "Sign in to " + config.email().projectName(), "magiclink", Map.of("link", link, "minutes", minutes));
    }

    /** An invitation into a tenant; tenant-service made the link and asks for the mail (internal API). */
    void sendInvitation(String to, String tenant, String inviter, String link, String expires) {
        send(to, "Join " + tenant.replaceAll("\\p{Cntrl}", " ") + " on " + config.email().projectName(), "invitation",
                Map.of("tenant", tenant, "inviter", inviter, "link", link, "expires", expires));
    }

    private void send(String to, String subject, String template, Map<String, Object> data) {
        Map<String, Object> all = new HashMap<>(data);
        all.put("project", config.email().projectName());
        all.put("email", to);
        String text = templates.get(template + ".txt").data(all).render();
        String html = templates.get(template + ".html").data(all).render();
        // An SMTP conversation that stalls (a server that never answers) must not hold the sign-in: each attempt gets
        // SEND_TIMEOUT, on a new connection, and a second attempt follows a failed first one.
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                mailer.send(Mail.withText(to, subject, text).setHtml(html)).await().atMost(SEND_TIMEOUT);
                return;
            } catch (RuntimeException e) {
                last = e;
                LOG.warnf("sending a sign-in mail failed (attempt %d of 2): %s", attempt, e.getMessage());
            }
        }
        LOG.errorf("the sign-in mail could not be sent: %s", last.getMessage());
        throw new ApiException(503, "E503002", "the sign-in mail could not be sent; try again shortly");
    }
}
