package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.login.BrowserPages;
import dev.gatehouse.auth.tenants.TenantClient;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Our SP metadata per tenant, for the tenant admin to load into their IdP. */
@Path("/saml/metadata")
public class SpMetadataResource {

    @Inject
    ServiceProvider sp;

    @Inject
    TenantClient tenantClient;

    @GET
    @Path("/{tenantId}")
    @Produces("application/samlmetadata+xml")
    @Operation(summary = "SAML SP metadata of a tenant: entity ID, ACS (HTTP-POST), NameID formats")
    public Response metadata(@PathParam("tenantId") String tenantId) {
        if (tenantClient.tenant(tenantId).isEmpty() || tenantId.contains("@")) {
            return BrowserPages.error(404, "Unknown tenant", "There is no tenant " + tenantId + ".");
        }
        String entityId = AuthnRequestBuilder.escape(sp.entityId(tenantId));
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<md:EntityDescriptor xmlns:md=\"" + SamlNames.METADATA + "\" entityID=\"" + entityId + "\">"
                + "<md:SPSSODescriptor AuthnRequestsSigned=\"false\" WantAssertionsSigned=\"true\""
                + " protocolSupportEnumeration=\"" + SamlNames.PROTOCOL + "\">"
                + "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
                + "<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>"
                + "<md:NameIDFormat>" + SamlNames.NAMEID_UNSPECIFIED + "</md:NameIDFormat>"
                + "<md:AssertionConsumerService Binding=\"" + SamlNames.HTTP_POST + "\" Location=\""
                + AuthnRequestBuilder.escape(sp.acsUrl(tenantId)) + "\" index=\"0\" isDefault=\"true\"/>"
                + "</md:SPSSODescriptor></md:EntityDescriptor>\n";
        return Response.ok(xml).build();
    }
}
