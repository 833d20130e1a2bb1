package dev.gatehouse.example;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where Gatehouse sends the browser back after RP-initiated logout (a registered post-logout URI). */
@Path("/signed-out")
public class SignedOutPage {

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String signedOut() {
        return """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>
                <body><h1 id="signed-out">Signed out</h1><p><a id="sign-in" href="/">Sign in again</a></p></body></html>
                """;
    }
}
