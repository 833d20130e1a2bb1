package dev.gatehouse.common;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Whether a database already has exactly the schema this build ships, read from Flyway's history table without
 * loading Flyway: every migration under {@code db/migration} applied, successfully, with the checksum Flyway gives
 * its file, and nothing else. Only then may a start skip Flyway (loading, configuring and validating it is a
 * measurable share of a service's start: docs/performance.md, "Start-up"); anything else, a pending, failed, edited,
 * renamed, unknown or newer migration alike, is Flyway's to migrate or refuse.
 */
public final class SchemaHistory {

    private static final Logger LOG = Logger.getLogger(SchemaHistory.class.getName());

    /** Where Flyway finds the migrations (its default location). */
    static final String LOCATION = "db/migration";

    /** A versioned SQL migration's file name, as Flyway reads it: {@code V<version>__<description>.sql}. */
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    /**
     * One versioned SQL migration: its version, its path on the class path (as Quarkus' Flyway records it) and Flyway's
     * checksum of its text.
     */
    record Migration(String version, String script, int checksum) {
    }

    private SchemaHistory() {
    }

    /**
     * Brings the database to this build's schema: nothing to do when it {@linkplain #isCurrent is current}, else
     * {@code flyway} migrates (or refuses, as it would have at every start). A history that cannot be read is
     * Flyway's to judge too.
     */
    public static void bringUpToDate(DataSource dataSource, Runnable flyway) {
        try (Connection connection = dataSource.getConnection()) {
            if (isCurrent(connection, Thread.currentThread().getContextClassLoader())) {
                LOG.info("Schema is current: every migration of this build is applied with its checksum; Flyway not needed");
                return;
            }
        } catch (SQLException | IOException e) {
            LOG.warning("Could not compare the schema history with this build's migrations (" + e + "); Flyway will");
        }
        flyway.run();
    }

    /** Whether the database on this connection has applied this build's migrations and nothing else. */
    public static boolean isCurrent(Connection connection, ClassLoader loader) throws SQLException, IOException {
        Optional<Set<Migration>> shipped = shipped(loader);
        return shipped.isPresent() && !shipped.get().isEmpty() && applied(connection).equals(shipped);
    }

    /**
     * This build's migrations; empty when a file there is not a versioned SQL migration, or two entries of the class
     * path ship the same name, which Flyway must judge.
     */
    static Optional<Set<Migration>> shipped(ClassLoader loader) throws IOException {
        Set<Migration> migrations = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (URL directory : Collections.list(loader.getResources(LOCATION))) {
            for (String name : fileNames(directory)) {
                Matcher versioned = VERSIONED.matcher(name); // a path into a subdirectory does not match either
                if (!versioned.matches() || !names.add(name)) {
                    return Optional.empty();
                }
                try (InputStream text = loader.getResourceAsStream(LOCATION + "/" + name)) {
                    if (text == null) {
                        throw new IOException("cannot read " + LOCATION + "/" + name);
                    }
                    migrations.add(new Migration(versioned.group(1).replace('_', '.'), LOCATION + "/" + name, checksum(text)));
                }
            }
        }
        return Optional.of(migrations);
    }

    /**
     * The migrations Flyway's history records as applied; empty when there is no history, or when it holds anything
     * but successful versioned SQL migrations (a failure, a baseline, a repeatable migration).
     */
    static Optional<Set<Migration>> applied(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet table = statement.executeQuery("select to_regclass('flyway_schema_history') is not null")) {
                if (!table.next() || !table.getBoolean(1)) {
                    return Optional.empty();
                }
            }
            Set<Migration> migrations = new HashSet<>();
            try (ResultSet row = statement.executeQuery("select version, script, checksum, type, success from flyway_schema_history")) {
                while (row.next()) {
                    int checksum = row.getInt("checksum");
                    boolean noChecksum = row.wasNull();
                    String version = row.getString("version");
                    if (noChecksum || version == null || !"SQL".equals(row.getString("type")) || !row.getBoolean("success")) {
                        return Optional.empty();
                    }
                    migrations.add(new Migration(version, row.getString("script"), checksum));
                }
            }
            return Optional.of(migrations);
        }
    }

    /**
     * Flyway's checksum of a migration: CRC-32 of its lines' UTF-8 bytes without their line breaks, a byte order
     * mark dropped, so that line endings do not count.
     */
    static int checksum(InputStream text) throws IOException {
        CRC32 crc = new CRC32();
        BufferedReader reader = new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line != null && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        for (; line != null; line = reader.readLine()) {
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }

    /**
     * The files under a directory of the class path, by their paths below it (as Flyway, which looks into
     * subdirectories too, names them): a directory on disk (tests) or in a jar (a build).
     */
    private static List<String> fileNames(URL directory) throws IOException {
        List<String> names = new ArrayList<>();
        switch (directory.getProtocol()) {
            case "file" -> {
                Path root;
                try {
                    root = Path.of(directory.toURI());
                } catch (URISyntaxException e) {
                    throw new IOException("cannot list " + directory, e);
                }
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).forEach(file -> names.add(root.relativize(file).toString()));
                }
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) directory.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    String prefix = LOCATION + "/";
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        String name = entry.getName();
                        if (!entry.isDirectory() && name.startsWith(prefix)) {
                            names.add(name.substring(prefix.length()));
                        }
                    }
                }
            }
            default -> throw new IOException("cannot list " + directory + ": neither a directory nor a jar");
        }
        return names;
    }
}
