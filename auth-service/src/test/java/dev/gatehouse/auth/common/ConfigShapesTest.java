package dev.gatehouse.auth.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration values with a fixed shape: a wrong one stops the start with what was expected. */
class ConfigShapesTest {

    @Test
    void projectIdsHaveTheDescopeShape() {
        assertThat(new ConfigShapes.ProjectId().convert("PgatehouseDemoProjectId00001")).isEqualTo("PgatehouseDemoProjectId00001");
        for (String wrong : new String[] {"P123", "XgatehouseDemoProjectId00001", "PgatehouseDemoProjectId000012",
                "PgatehouseDemoProjectId0000!", " PgatehouseDemoProjectId00001"}) {
            assertThatThrownBy(() -> new ConfigShapes.ProjectId().convert(wrong))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P followed by 27 letters or digits");
        }
    }

    @Test
    void choicesAcceptOnlyTheirValuesExactly() {
        assertThat(new ConfigShapes.SigningAlgorithm().convert("ES256")).isEqualTo("ES256");
        assertThat(new ConfigShapes.ProviderType().convert("github")).isEqualTo("github");
        assertThat(new ConfigShapes.TokenAuth().convert("post")).isEqualTo("post");
        assertThatThrownBy(() -> new ConfigShapes.SigningAlgorithm().convert("HS256")).hasMessage("expected one of RS256, ES256");
        assertThatThrownBy(() -> new ConfigShapes.SigningAlgorithm().convert("es256")).hasMessage("expected one of RS256, ES256");
        assertThatThrownBy(() -> new ConfigShapes.ProviderType().convert("saml")).hasMessage("expected one of oidc, github");
        assertThatThrownBy(() -> new ConfigShapes.TokenAuth().convert("basic ")).hasMessage("expected one of basic, post");
    }
}
