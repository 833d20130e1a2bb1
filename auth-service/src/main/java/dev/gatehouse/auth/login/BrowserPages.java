package dev.gatehouse.auth.login;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A plain page for a browser that cannot safely be sent anywhere (design.md §7). */
public final class BrowserPages {

    private BrowserPages() {
    }

    public static Response error(int status, String title, String message) {
        String html = """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>%1$s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2330}</style>
                </head><body><h1>%1$s</h1><p>%2$s</p><p>Go back to the application and start the sign-in again.</p></body></html>
                """.formatted(escape(title), escape(message));
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html)
                .header("Cache-Control", "no-store").build();
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
