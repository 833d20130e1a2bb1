package dev.gatehouse.devmail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's mailbox, on loopback only: GreenMail (a real SMTP server, Maven Central) receives every mail
 * auth-service sends, and a page lists them newest first with their links clickable, so that a newcomer can sign in
 * by email without any account anywhere. Never part of a deployment.
 *
 * <p>Usage: {@code DevMailbox <smtp port> <http port>}.
 */
public final class DevMailbox {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private DevMailbox() {
    }

    public static void main(String[] args) throws IOException {
        int smtpPort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        http.createContext("/", exchange -> inbox(exchange, mail));
        http.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop(0);
            mail.stop();
        }, "dev-mailbox-stop"));
        System.out.println("Mailbox ready: SMTP on 127.0.0.1:" + smtpPort + ", inbox on http://localhost:" + httpPort);
    }

    private static void inbox(HttpExchange exchange, GreenMail mail) throws IOException {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>Demo inbox · Gatehouse</title><link rel="stylesheet" href="http://localhost:8080/app.css"></head>
                <body><main><h1>Demo inbox</h1><p class="status">Every mail the local demo sends, newest first (refreshes every 5 s).</p>
                """);
        MimeMessage[] messages = mail.getReceivedMessages();
        if (messages.length == 0) {
            page.append("<p class=\"box\" id=\"empty\">No mail yet. Ask for a code or a link on the demo app's sign-in page.</p>");
        }
        Arrays.stream(messages).sorted(Comparator.comparing(DevMailbox::sent).reversed()).forEach(message -> {
            try {
                page.append("<section class=\"box mail\"><h2>").append(escape(message.getSubject())).append("</h2><dl><dt>To</dt><dd>")
                        .append(escape(String.join(", ", Arrays.stream(message.getAllRecipients()).map(Object::toString).toList())))
                        .append("</dd><dt>At</dt><dd>").append(TIME.format(sent(message).toInstant())).append(" UTC</dd></dl><pre>")
                        .append(linked(MailParts.part(message, "text/plain").orElse(""))).append("</pre></section>");
            } catch (Exception e) {
                page.append("<section class=\"box\"><p class=\"error\">A mail could not be read: ").append(escape(e.getMessage()))
                        .append("</p></section>");
            }
        });
        page.append("</main></body></html>");
        byte[] body = page.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static java.util.Date sent(MimeMessage message) {
        try {
            return message.getSentDate() == null ? new java.util.Date(0) : message.getSentDate();
        } catch (Exception e) {
            return new java.util.Date(0);
        }
    }

    private static String linked(String text) {
        Matcher matcher = URL.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            out.append(escape(text.substring(last, matcher.start())));
            String url = escape(matcher.group());
            out.append("<a class=\"mail-link\" href=\"").append(url).append("\">").append(url).append("</a>");
            last = matcher.end();
        }
        return out.append(escape(text.substring(last))).toString();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
