package dev.gatehouse.tenant.common;

import dev.gatehouse.common.SchemaHistory;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * Brings the database to this build's schema before anything else starts (the scheduler starts at
 * {@code PLATFORM_BEFORE}): Flyway is loaded only when common's {@link SchemaHistory} finds the history differs from
 * this build's migrations ({@code quarkus.flyway.migrate-at-start} is off).
 */
public class Schema {

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) StartupEvent start, DataSource dataSource,
                 Instance<Flyway> flyway) {
        SchemaHistory.bringUpToDate(dataSource, () -> flyway.get().migrate());
    }
}
