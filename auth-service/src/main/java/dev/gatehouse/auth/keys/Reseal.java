package dev.gatehouse.auth.keys;

import dev.gatehouse.common.Jdbc;
import dev.gatehouse.common.Sealer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves every sealed secret (signing keys, the SAML SP key, TOTP secrets) to the current key-encryption key, on a
 * schedule and on demand, and reports how many values still need a previous key: at zero, it can be removed.
 */
@ApplicationScoped
public class Reseal {

    private static final Logger LOG = Logger.getLogger(Reseal.class);
    private static final List<String> SEALED_COLUMNS = List.of("signing_key:kid:private_key", "saml_sp_key:id:private_key",
            "totp_factor:user_id:secret_sealed");

    @Inject
    Sealer sealer;

    @Inject
    DataSource dataSource;

    public Sealer.ResealReport run() {
        Sealer.ResealReport report = Jdbc.inTransaction(dataSource, "re-seal the private keys", connection -> {
            int resealed = 0;
            for (String column : SEALED_COLUMNS) {
                String[] parts = column.split(":");
                List<Object[]> rows = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("select " + parts[1] + ", " + parts[2]
                        + " from " + parts[0] + " for update");
                     ResultSet found = select.executeQuery()) {
                    while (found.next()) {
                        rows.add(new Object[]{found.getString(1), found.getString(2)});
                    }
                }
                try (PreparedStatement update = connection.prepareStatement("update " + parts[0] + " set " + parts[2]
                        + " = ? where " + parts[1] + " = ?")) {
                    resealed += sealer.reseal(rows, (id, value) -> {
                        try {
                            update.setString(1, value);
                            update.setString(2, (String) id);
                            update.executeUpdate();
                        } catch (SQLException e) {
                            throw new IllegalStateException("could not re-seal " + column + " of " + id, e);
                        }
                    });
                }
            }
            return sealer.report(resealed);
        });
        if (report.resealed() > 0) {
            LOG.infof("re-sealed %d private keys with key-encryption key %s", report.resealed(), report.currentKeyId());
        }
        return report;
    }

    @Scheduled(every = "6h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }
}
