package dev.gatehouse.tenant.common;

import dev.gatehouse.testing.StartClasses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The classes Main preloads while the service starts: a list that still names our classes as they are. */
class StartClassesTest {

    @Test
    void theStartClassListNamesOnlyClassesOfOursThatExist() {
        assertThat(StartClasses.names()).hasSizeGreaterThan(1000).contains("dev.gatehouse.tenant.common.Main");
        assertThat(StartClasses.gone("dev.gatehouse."))
                .as("classes renamed or removed since the list was written: ./gatehouse startup --write-start-classes rewrites it")
                .isEmpty();
    }
}
