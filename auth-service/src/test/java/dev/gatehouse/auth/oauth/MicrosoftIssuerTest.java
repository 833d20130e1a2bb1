package dev.gatehouse.auth.oauth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrosoftIssuerTest {

    private static final String TEMPLATE = "https://login.microsoftonline.com/{tenantid}/v2.0";
    private static final String TID = "9188040d-6c67-4c5b-b112-36a304b66dad";

    @Test
    void acceptsTheTemplateOnlyForMultiTenantIssuers() {
        assertThat(MicrosoftIssuer.acceptsTemplate("https://login.microsoftonline.com/common/v2.0", TEMPLATE)).isTrue();
        assertThat(MicrosoftIssuer.acceptsTemplate("https://login.microsoftonline.com/organizations/v2.0", TEMPLATE)).isTrue();
        assertThat(MicrosoftIssuer.acceptsTemplate("https://login.microsoftonline.com/" + TID + "/v2.0", TEMPLATE)).isFalse();
        assertThat(MicrosoftIssuer.acceptsTemplate("https://evil.example/common/v2.0", TEMPLATE)).isFalse();
        assertThat(MicrosoftIssuer.acceptsTemplate("https://login.microsoftonline.com/common/v2.0",
                "https://evil.example/{tenantid}/v2.0")).isFalse();
    }

    @Test
    void theIssuerMustBeTheTemplateFilledWithTheTokensOwnTenant() {
        assertThat(MicrosoftIssuer.matches(TEMPLATE, "https://login.microsoftonline.com/" + TID + "/v2.0", TID)).isTrue();
        assertThat(MicrosoftIssuer.matches(TEMPLATE, "https://login.microsoftonline.com/" + TID + "/v2.0",
                "00000000-0000-0000-0000-000000000000")).isFalse();
        assertThat(MicrosoftIssuer.matches(TEMPLATE, "https://login.microsoftonline.com/x/v2.0", "x")).isFalse();
        assertThat(MicrosoftIssuer.matches(TEMPLATE, "https://login.microsoftonline.com/" + TID + "/v2.0", null)).isFalse();
    }
}
