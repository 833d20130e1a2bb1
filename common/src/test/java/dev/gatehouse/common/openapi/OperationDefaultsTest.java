package dev.gatehouse.common.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OperationDefaultsTest {

    private final OperationDefaults defaults = new OperationDefaults();

    @Test
    void wordsOfAClassOrAMethodName() {
        assertThat(OperationDefaults.words("TokenResource")).isEqualTo("Token Resource");
        assertThat(OperationDefaults.words("OAuthLoginResource")).isEqualTo("OAuth Login Resource");
        assertThat(OperationDefaults.words("adminPage")).isEqualTo("Admin Page");
        assertThat(OperationDefaults.words("token")).isEqualTo("Token");
    }

    @Test
    void anOperationWithoutTagOrSummaryGetsThemFromItsName() {
        Operation operation = OASFactory.createOperation().operationId("AdminResource_endMemberSessions")
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("OK")));
        defaults.filterOperation(operation);
        assertThat(operation.getTags()).containsExactly("Admin Resource");
        assertThat(operation.getSummary()).isEqualTo("End Member Sessions");
        // It takes nothing, so no 400 is added.
        assertThat(operation.getResponses().getAPIResponses()).containsOnlyKeys("200");
    }

    @Test
    void whatAnOperationStatesItselfIsKept() {
        Operation operation = OASFactory.createOperation().operationId("TokenResource_token").tags(List.of("OAuth 2.0"))
                .summary("The token endpoint")
                .requestBody(OASFactory.createRequestBody())
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("400", OASFactory.createAPIResponse().description("RFC 6749 §5.2")));
        defaults.filterOperation(operation);
        assertThat(operation.getTags()).containsExactly("OAuth 2.0");
        assertThat(operation.getSummary()).isEqualTo("The token endpoint");
        assertThat(operation.getResponses().getAPIResponse("400").getDescription()).isEqualTo("RFC 6749 §5.2");
    }

    @Test
    void aBodyOrAParameterMeansA400MayAnswer() {
        Operation withBody = OASFactory.createOperation().requestBody(OASFactory.createRequestBody())
                .responses(OASFactory.createAPIResponses());
        Operation withParameter = OASFactory.createOperation().addParameter(OASFactory.createParameter().name("tenantId"))
                .responses(OASFactory.createAPIResponses());
        defaults.filterOperation(withBody);
        defaults.filterOperation(withParameter);
        assertThat(withBody.getResponses().getAPIResponse("400").getDescription()).isEqualTo("Bad Request");
        assertThat(withParameter.getResponses().getAPIResponse("400").getDescription()).isEqualTo("Bad Request");
        // No name of the plugin's shape: no tag or summary is made up.
        assertThat(withBody.getTags()).isNull();
        assertThat(withBody.getSummary()).isNull();
    }
}
