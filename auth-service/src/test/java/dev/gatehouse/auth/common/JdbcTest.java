package dev.gatehouse.auth.common;

import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.auth.support.SmtpServer;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-row reads of the hot paths, against the real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SmtpServer.class, scope = TestResourceScope.GLOBAL)
class JdbcTest {

    @Inject
    DataSource dataSource;

    @Test
    void readsTheFirstRowOrNothing() {
        assertThat(Jdbc.queryOne(dataSource, "a number", "select ? + 1", select -> select.setInt(1, 41), row -> row.getInt(1)))
                .contains(42);
        assertThat(Jdbc.queryOne(dataSource, "a number", "select 1 where false", select -> { }, row -> row.getInt(1)))
                .isEmpty();
    }

    @Test
    void aFailureSaysWhatCouldNotBeReadAndReturnsTheConnection() {
        for (int i = 0; i < 30; i++) { // more than the pool holds: a connection leaked by a failure would block here
            assertThatThrownBy(() -> Jdbc.queryOne(dataSource, "a browser session", "select * from no_such_table",
                    select -> { }, row -> row.getString(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessage("could not read a browser session")
                    .hasCauseInstanceOf(SQLException.class);
        }
        assertThat(Jdbc.queryOne(dataSource, "a number", "select 1", select -> { }, row -> row.getInt(1))).contains(1);
    }

    @Test
    void nullTimestampsStayNull() {
        assertThat(Jdbc.instant(null)).isNull();
        assertThat(Jdbc.instant(Timestamp.from(Instant.EPOCH))).isEqualTo(Instant.EPOCH);
    }
}
