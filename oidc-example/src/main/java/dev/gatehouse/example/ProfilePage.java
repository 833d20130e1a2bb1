package dev.gatehouse.example;

import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.TreeSet;

/** Who signed in, as the ID token says, and a page only a tenant's admin may open. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ProfilePage {

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    SecurityIdentity identity;

    @Inject
    Template profile;

    @GET
    public TemplateInstance profile() {
        return profile.data("name", idToken.getClaim("name"))
                .data("email", idToken.getClaim("email"))
                .data("tenant", idToken.getClaim("dct"))
                .data("roles", String.join(", ", new TreeSet<>(identity.getRoles())))
                .data("admin", false);
    }

    @GET
    @Path("/admin")
    @RolesAllowed("Tenant Admin")
    public TemplateInstance admin() {
        return profile().data("admin", true);
    }

    @GET
    @Path("/callback")
    public TemplateInstance callback() {
        return profile();
    }
}
