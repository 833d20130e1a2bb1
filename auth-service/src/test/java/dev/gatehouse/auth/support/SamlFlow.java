package dev.gatehouse.auth.support;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;

/** The SP side of a SAML login as the browser drives it: start, then POST the IdP's answer to the ACS. */
public final class SamlFlow {

    private static final Pattern REQUEST_ID = Pattern.compile(" ID=\"([^\"]+)\"");

    private SamlFlow() {
    }

    /** A tenant whose SAML IdP is the test IdP, with group admins mapped to Tenant Admin. */
    public static String tenant(boolean idpInitiated) {
        return tenant(Map.of("idpInitiated", idpInitiated));
    }

    /** A tenant with extra SAML settings (idpInitiated, signRequests, encryptAssertions). */
    public static String tenant(Map<String, Object> options) {
        String tenant = "saml-" + UUID.randomUUID().toString().substring(0, 8);
        Gatehouse.management().body(Map.of("id", tenant, "name", "SAML " + tenant, "domains", List.of(tenant + ".test")))
                .post("/v1/mgmt/tenants").then().statusCode(201);
        Gatehouse.management().body(Map.of("type", "saml",
                        "saml", saml(options),
                        "mappings", Map.of("groupMappings", List.of(Map.of("group", "admins", "role", "Tenant Admin")))))
                .put("/v1/mgmt/tenants/" + tenant + "/sso").then().statusCode(200);
        return tenant;
    }

    private static Map<String, Object> saml(Map<String, Object> options) {
        Map<String, Object> saml = new java.util.HashMap<>(options);
        saml.put("entityId", SamlIdp.ENTITY_ID);
        saml.put("ssoUrl", "https://idp.saml-test.example/sso");
        saml.put("certificates", List.of(SamlIdp.certificate()));
        return saml;
    }

    /** Our SP certificate, as an IdP reads it from our SP metadata. */
    public static String spCertificatePem(String tenant) {
        String metadata = RestAssured.get("/saml/metadata/" + tenant).then().statusCode(200).extract().asString();
        Matcher certificate = Pattern.compile("<ds:X509Certificate>([^<]+)</ds:X509Certificate>").matcher(metadata);
        if (!certificate.find()) {
            throw new AssertionError("no certificate in SP metadata");
        }
        return "-----BEGIN CERTIFICATE-----\n" + certificate.group(1) + "\n-----END CERTIFICATE-----\n";
    }

    public static String acsUrl(String tenant) {
        return "http://localhost:8081/saml/acs/" + tenant;
    }

    public static String spEntityId(String tenant) {
        return "http://localhost:8081/saml/metadata/" + tenant;
    }

    /** Starts an SP-initiated login; returns the AuthnRequest's ID and the RelayState. */
    public static Started start(String tenantOrEmail) {
        String url = RestAssured.given().header("Authorization", "Bearer " + Gatehouse.PROJECT_ID)
                .queryParam("tenant", tenantOrEmail).queryParam("redirectURL", Gatehouse.REDIRECT)
                .post("/v1/auth/sso/authorize").then().statusCode(200).extract().path("url");
        Map<String, String> query = Browser.query(url);
        String xml = inflate(Base64.getDecoder().decode(query.get("SAMLRequest")));
        Matcher id = REQUEST_ID.matcher(xml);
        if (!id.find()) {
            throw new AssertionError("no ID in AuthnRequest " + xml);
        }
        return new Started(url, xml, id.group(1), query.get("RelayState"));
    }

    public static Response post(String tenant, String responseXml, String relayState) {
        var request = RestAssured.given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("SAMLResponse", SamlIdp.base64(responseXml));
        if (relayState != null) {
            request.formParam("RelayState", relayState);
        }
        return request.post("/saml/acs/" + tenant);
    }

    private static String inflate(byte[] deflated) {
        try {
            Inflater inflater = new Inflater(true);
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        }
    }

    public record Started(String url, String authnRequest, String requestId, String relayState) {
    }
}
