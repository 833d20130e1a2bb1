package dev.gatehouse.ui;

import dev.gatehouse.testing.OpenApiSweep;
import dev.gatehouse.ui.support.AuthPeer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed input never gives a 5xx: every page and form of our OpenAPI, swept with hostile values (design.md §7). */
@QuarkusTest
@WithTestResource(value = AuthPeer.class, scope = TestResourceScope.GLOBAL)
class MalformedInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void noPageAnswersMalformedInputWithA5xx() {
        assertThat(OpenApiSweep.serverErrorsWithoutCredentials(base.toString())).isEmpty();
    }
}
