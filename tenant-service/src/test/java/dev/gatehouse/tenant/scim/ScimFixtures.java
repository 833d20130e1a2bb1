package dev.gatehouse.tenant.scim;

import dev.gatehouse.tenant.support.TestResources;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.tenant.support.Api.asProjectAdmin;

/** What the SCIM tests set up: a tenant's SAML connection with one group mapping, and SCIM tokens. */
final class ScimFixtures {

    private ScimFixtures() {
    }

    static void samlWithMapping(String tenant, String group, String role) {
        asProjectAdmin().body(Map.of("type", "saml", "saml", Map.of("entityId", "urn:idp:" + tenant,
                        "ssoUrl", "https://idp.example.com/sso", "certificates", List.of(TestResources.metadata("idp-signing.pem"))),
                        "mappings", Map.of("groupMappings", List.of(Map.of("group", group, "role", role)))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200);
    }

    static String token(String tenant) {
        return asProjectAdmin().post("/v1/mgmt/tenants/" + tenant + "/scim/tokens").then().statusCode(201)
                .extract().path("secret");
    }
}
