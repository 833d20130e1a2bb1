package dev.gatehouse.tenant.common;

import dev.gatehouse.common.SchemaHistory;
import dev.gatehouse.embeddeddb.EmbeddedPostgresResource;
import dev.gatehouse.tenant.support.PeerHttpServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start skips Flyway only when the schema history is exactly this build's migrations, as Flyway recorded them at
 * this service's first start; every other history goes to Flyway. Each case works on a copy of that history in a
 * schema of its own, the only one on the connection's search path.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PeerHttpServer.class, scope = TestResourceScope.GLOBAL)
class SchemaTest {

    private static final String COPY = "history_copy";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @BeforeEach
    void copyTheHistoryFlywayWrote() throws SQLException {
        try (Connection db = copy().getConnection(); Statement s = db.createStatement()) {
            s.execute("drop schema if exists " + COPY + " cascade");
            s.execute("create schema " + COPY);
            s.execute("create table " + COPY + ".flyway_schema_history as table public.flyway_schema_history");
        }
    }

    @Test
    void theHistoryFlywayWroteIsCurrentSoAStartLeavesFlywayOut() throws Exception {
        assertThat(isCurrent("select 1")).isTrue();
        assertThat(flywayRunsAtAStartOn(copy())).isZero();
    }

    /** Each a history that differs from the one Flyway wrote for this build, as {@code name: change}. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a pending migration | delete from flyway_schema_history where version = '12'
            an edited migration | update flyway_schema_history set checksum = checksum + 1 where version = '3'
            a renamed migration | update flyway_schema_history set script = replace(script, '__', '__x_') where version = '3'
            a failed migration | update flyway_schema_history set success = false where version = '12'
            a baseline | update flyway_schema_history set type = 'BASELINE', checksum = null where version = '1'
            """)
    void everyOtherHistoryGoesToFlyway(String name, String change) throws Exception {
        assertThat(isCurrent(change)).as(name).isFalse();
    }

    @Test
    void aNewerBuildsHistoryGoesToFlyway() throws Exception {
        assertThat(isCurrent("""
                insert into flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by,
                  execution_time, success)
                values (99, '99', 'newer', 'SQL', 'db/migration/V99__newer.sql', 1, 'test', 1, true)""")).isFalse();
    }

    @Test
    void aDatabaseWithoutHistoryGoesToFlyway() throws Exception {
        assertThat(isCurrent("drop table flyway_schema_history")).isFalse();
        assertThat(flywayRunsAtAStartOn(copy())).isOne();
    }

    @Test
    void aDatabaseThatCannotBeReachedGoesToFlywayWhichSaysWhy() {
        PGSimpleDataSource unreachable = copy();
        unreachable.setPortNumbers(new int[] {1});
        assertThat(flywayRunsAtAStartOn(unreachable)).isOne();
    }

    /** How often a start on this database has Flyway run. */
    private static int flywayRunsAtAStartOn(DataSource database) {
        AtomicInteger flywayRuns = new AtomicInteger();
        SchemaHistory.bringUpToDate(database, flywayRuns::incrementAndGet);
        return flywayRuns.get();
    }

    /** Whether the copy of the history, changed by {@code change}, is current for this build. */
    private boolean isCurrent(String change) throws SQLException, IOException {
        try (Connection db = copy().getConnection(); Statement s = db.createStatement()) {
            s.execute(change);
            return SchemaHistory.isCurrent(db, Thread.currentThread().getContextClassLoader());
        }
    }

    /** The service's database, searched only in the copy's schema, where the unqualified history table is found. */
    private PGSimpleDataSource copy() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(username);
        dataSource.setPassword(password);
        dataSource.setCurrentSchema(COPY);
        return dataSource;
    }
}
