package dev.gatehouse.tenant.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log as NDJSON for SIEM ingestion: one event per line, oldest first, read from the database in batches
 * while the answer streams, so an export of millions of events holds a thousand in memory. A cursor (the last event's
 * id) continues where a bounded export stopped. Ids grow with inserts, so an event committed after an export began
 * is in a later one.
 */
@ApplicationScoped
public class AuditExport {

    private static final int BATCH = 1000;

    @Inject
    ObjectMapper json;

    @Inject
    Database db;

    /** What to export: all filters optional; {@code after} is the cursor of the previous export. */
    public record Filter(String tenantId, String actor, String action, Instant from, Instant to, long after) {
    }

    /** Writes up to {@code limit} events; returns the id of the last one written, or -1 when there was none. */
    public long write(Filter filter, int limit, OutputStream out) throws IOException {
        long cursor = filter.after();
        long last = -1;
        int written = 0;
        while (written < limit) {
            int size = Math.min(BATCH, limit - written);
            List<AuditEvent> batch = batch(filter, cursor, size);
            for (AuditEvent event : batch) {
                out.write(json.writeValueAsBytes(event));
                out.write('\n');
                last = event.id;
            }
            out.flush();
            written += batch.size();
            if (batch.size() < size) {
                break;
            }
            cursor = last;
        }
        return last;
    }

    /** The cursor to continue after an export of {@code limit} events, when more remain; null otherwise. */
    public Long nextCursor(Filter filter, int limit) {
        List<AuditEvent> last = batch(filter, filter.after(), limit - 1, 1);
        if (last.isEmpty()) {
            return null;
        }
        long id = last.get(0).id;
        return batch(filter, id, 0, 1).isEmpty() ? null : id;
    }

    private List<AuditEvent> batch(Filter filter, long after, int size) {
        return batch(filter, after, 0, size);
    }

    private List<AuditEvent> batch(Filter filter, long after, int offset, int size) {
        List<String> where = new ArrayList<>(List.of("id > ?"));
        List<Object> values = new ArrayList<>(List.of(after));
        if (filter.tenantId() != null) {
            where.add("tenant_id = ?");
            values.add(filter.tenantId());
        }
        if (filter.actor() != null) {
            where.add("actor = ?");
            values.add(filter.actor());
        }
        if (filter.action() != null) {
            where.add("action = ?");
            values.add(filter.action());
        }
        if (filter.from() != null) {
            where.add("occurred_at >= ?");
            values.add(filter.from());
        }
        if (filter.to() != null) {
            where.add("occurred_at < ?");
            values.add(filter.to());
        }
        values.add(size);
        values.add(offset);
        return db.list("select " + AuditEvent.COLUMNS + " from audit_event where " + String.join(" and ", where)
                + " order by id limit ? offset ?", AuditEvent::from, values.toArray());
    }
}
