package dev.gatehouse.ui;

import dev.gatehouse.testing.StartClasses;
import org.junit.jupiter.api.Test;

/** The classes Main preloads while the service starts: a list that still names our classes as they are. */
class StartClassesTest {

    @Test
    void theStartClassListNamesOnlyClassesOfOursThatExist() {
        StartClasses.requireCurrent(Main.class);
    }
}
