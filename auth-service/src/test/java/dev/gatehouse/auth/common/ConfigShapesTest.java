package dev.gatehouse.auth.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The configuration values with a fixed shape: a wrong one stops the start with what was expected (the project id's:
 * common's ProjectIdShapeTest).
 */
class ConfigShapesTest {

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
