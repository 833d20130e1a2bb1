package dev.gatehouse.embeddeddb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The local PostgreSQL of {@code ./gatehouse demo}: one server, one database per service, data kept in a
 * folder across restarts. Stops PostgreSQL cleanly on SIGTERM or Ctrl-C. Never used in production.
 *
 * <p>Usage: {@code DevPostgres <data dir> <port> <database>...}
 */
public final class DevPostgres {

    private DevPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DevPostgres <data dir> <port> <database>...");
            System.exit(2);
        }
        File dataDir = new File(args[0]);
        int port = Integer.parseInt(args[1]);
        List<String> databases = List.of(args).subList(2, args.length);

        dataDir.mkdirs();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }, "postgres-shutdown"));

        createMissingDatabases(postgres, databases);
        System.out.println("PostgreSQL ready on port " + port + " with databases " + databases);
        stopped.await();
    }

    private static void createMissingDatabases(EmbeddedPostgres postgres, List<String> databases) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (String database : databases) {
                if (!database.matches("[a-z_]+")) {
                    throw new IllegalArgumentException("database names are lower-case letters and _: " + database);
                }
                try (PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                    exists.setString(1, database);
                    try (ResultSet rows = exists.executeQuery()) {
                        if (rows.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = connection.createStatement()) {
                    create.execute("create database " + database);
                }
            }
        }
    }
}
