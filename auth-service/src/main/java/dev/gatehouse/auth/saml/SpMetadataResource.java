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

import java.util.List;

/** Our SP metadata per tenant, for the tenant admin to load into their IdP. */
@Path("/saml/metadata")
public class SpMetadataResource {

    @Inject
    ServiceProvider sp;

    @Inject
    TenantClient tenantClient;

    @Inject
    SpKeyPair spKeys;

    @GET
    @Path("/{tenantId}")
    @Produces("application/samlmetadata+xml")
    @Operation(summary = "SAML SP metadata of a tenant: entity ID, ACS (HTTP-POST), NameID formats")
    public Response metadata(@PathParam("tenantId") String tenantId) {
        var tenant = tenantId.contains("@") ? java.util.Optional.<dev.gatehouse.auth.tenants.TenantSso>empty() : tenantClient.tenant(tenantId);
        if (tenant.isEmpty()) {
            return BrowserPages.error(404, "Unknown tenant", "There is no tenant " + tenantId + ".");
        }
        boolean signsRequests = tenant.get().connection() != null && tenant.get().connection().signRequests();
        // The active certificate first; while a rotation is staged, the next one too, so IdPs learn it early.
        StringBuilder keyDescriptors = new StringBuilder();
        for (String use : List.of("signing", "encryption")) {
            for (String certificate : spKeys.publishedCertificatesBase64()) {
                keyDescriptors.append("<md:KeyDescriptor use=\"").append(use).append("\"><ds:KeyInfo xmlns:ds=\"")
                        .append(SamlNames.DSIG).append("\"><ds:X509Data><ds:X509Certificate>").append(certificate)
                        .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
            }
        }
        String entityId = AuthnRequestBuilder.escape(sp.entityId(tenantId));
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<md:EntityDescriptor xmlns:md=\"" + SamlNames.METADATA + "\" entityID=\"" + entityId + "\">"
                + "<md:SPSSODescriptor AuthnRequestsSigned=\"" + signsRequests + "\" WantAssertionsSigned=\"true\""
                + " protocolSupportEnumeration=\"" + SamlNames.PROTOCOL + "\">"
                + keyDescriptors
                + "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
                + "<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>"
                + "<md:NameIDFormat>" + SamlNames.NAMEID_UNSPECIFIED + "</md:NameIDFormat>"
                + "<md:AssertionConsumerService Binding=\"" + SamlNames.HTTP_POST + "\" Location=\""
                + AuthnRequestBuilder.escape(sp.acsUrl(tenantId)) + "\" index=\"0\" isDefault=\"true\"/>"
                + "</md:SPSSODescriptor></md:EntityDescriptor>\n";
        return Response.ok(xml).build();
    }
}
