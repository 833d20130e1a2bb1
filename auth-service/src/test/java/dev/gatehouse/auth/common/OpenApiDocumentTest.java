package dev.gatehouse.auth.common;

import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document the build wrote, served at /q/openapi in the format asked for (common's OpenApiDocument). */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
class OpenApiDocumentTest {

    @Test
    void yamlUnlessJsonIsAskedFor() {
        String yaml = RestAssured.get("/q/openapi").then().statusCode(200)
                .contentType("application/yaml").extract().asString();
        assertThat(yaml).startsWith("---\nopenapi: 3.1.0").contains("  /v1/auth/refresh:\n")
                .contains("title: Gatehouse auth-service");
        assertThat(RestAssured.get("/q/openapi.yaml").then().statusCode(200).contentType("application/yaml").extract().asString())
                .isEqualTo(yaml);
        assertThat(RestAssured.get("/q/openapi?format=YAML").then().statusCode(200).extract().asString()).isEqualTo(yaml);

        String json = RestAssured.get("/q/openapi?format=json").then().statusCode(200)
                .contentType("application/json").extract().asString();
        assertThat(RestAssured.given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .contentType("application/json").extract().asString()).isEqualTo(json);
        assertThat(RestAssured.get("/q/openapi.json").then().statusCode(200).extract().asString()).isEqualTo(json);
        assertThat(json).isNotEqualTo(yaml);
    }

    @Test
    void headAnswersWithoutTheDocument() {
        RestAssured.head("/q/openapi").then().statusCode(200).contentType("application/yaml");
        assertThat(RestAssured.head("/q/openapi").then().extract().asByteArray()).isEmpty();
    }

    @Test
    void theDocumentNamesEveryOperationWithWhatTheExtensionGaveIt() {
        JsonPath document = RestAssured.get("/q/openapi.json").then().statusCode(200).extract().jsonPath();
        assertThat(document.getString("info.title")).isEqualTo("Gatehouse auth-service");
        assertThat(document.getString("info.version")).isNotBlank();
        // No made-up servers: the document's reader knows where it fetched it from.
        assertThat(document.getList("servers")).isNull();

        Map<String, Object> token = document.getMap("paths.'/oauth2/token'.post");
        assertThat(token).containsEntry("tags", List.of("Token Resource"))
                .containsEntry("summary", "OAuth 2.0 token endpoint: authorization_code, refresh_token, client_credentials")
                .containsEntry("operationId", "TokenResource_token");
        // A body, so a 400 problem is among the answers; the form's fields are strings.
        assertThat(document.getMap("paths.'/oauth2/token'.post.responses")).containsKeys("200", "400");
        assertThat(document.getString("paths.'/oauth2/token'.post.requestBody.content.'application/x-www-form-urlencoded'"
                + ".schema.additionalProperties.type")).isEqualTo("string");
        // An acronym stays one word in a tag.
        assertThat(document.getList("paths.'/v1/mgmt/oauth-clients'.get.tags")).containsExactly("OAuth Client Resource");
        // The rest client's interface towards tenant-service is not one of this service's operations.
        assertThat(document.getMap("paths")).doesNotContainKey("/internal/users/provision");
        // A record of common (the key re-sealing's report) has its schema.
        assertThat(document.getMap("components.schemas")).containsKey("ResealReport");
        assertThat(document.getMap("paths")).containsKeys("/v1/auth/refresh", "/oauth2/authorize", "/saml/acs/{tenantId}",
                "/{projectId}/.well-known/openid-configuration");
    }
}
