package dev.gatehouse.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both services' project id: a wrong one stops the start with what was expected. */
class ProjectIdShapeTest {

    @Test
    void projectIdsHaveTheDescopeShape() {
        assertThat(new ProjectIdShape().convert("PgatehouseDemoProjectId00001")).isEqualTo("PgatehouseDemoProjectId00001");
        for (String wrong : new String[] {"P123", "XgatehouseDemoProjectId00001", "PgatehouseDemoProjectId000012",
                "PgatehouseDemoProjectId0000!", " PgatehouseDemoProjectId00001"}) {
            assertThatThrownBy(() -> new ProjectIdShape().convert(wrong))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P followed by 27 letters or digits");
        }
    }
}
