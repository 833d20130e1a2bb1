package dev.gatehouse.ui.home;

import dev.gatehouse.ui.UiConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The demo app's front page. Sign-in and the signed-in view arrive with the app-ui issue. */
@Path("/")
public class HomeResource {

    @Inject
    UiConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(String authUrl);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        return Templates.index(config.auth().publicUrl());
    }
}
