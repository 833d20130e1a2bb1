package dev.gatehouse.common;

import dev.gatehouse.common.SchemaHistory.Migration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrations a build ships, as Flyway would find and checksum them (the database side: tenant-service's SchemaTest). */
class SchemaHistoryTest {

    private static final String V1 = "create table a (id int);\ncreate table b (id int);\n";

    @Test
    void theChecksumIgnoresLineEndingsAndAByteOrderMarkButNotTheText() throws IOException {
        int checksum = checksum(V1);
        assertThat(checksum(V1.replace("\n", "\r\n"))).isEqualTo(checksum);
        assertThat(checksum("\uFEFF" + V1)).isEqualTo(checksum);
        assertThat(checksum(V1.replace("int", "bigint"))).isNotEqualTo(checksum);
        assertThat(checksum(V1.replace(";\n", "; \n"))).isNotEqualTo(checksum);
    }

    @Test
    void theChecksumIsFlywaysCrc32OfTheLinesWithoutTheirBreaks() throws IOException {
        CRC32 crc = new CRC32();
        crc.update("create table a (id int);".getBytes(StandardCharsets.UTF_8));
        crc.update("create table b (id int);".getBytes(StandardCharsets.UTF_8));
        assertThat(checksum(V1)).isEqualTo((int) crc.getValue());
    }

    @Test
    void migrationsAreFoundInADirectoryAndInAJarAlike(@TempDir Path temp) throws IOException {
        Map<String, String> files = Map.of("V1__tables.sql", V1, "V2_1__more.sql", "alter table a add x int;\n");
        Set<Migration> expected = Set.of(new Migration("1", "db/migration/V1__tables.sql", checksum(V1)),
                new Migration("2.1", "db/migration/V2_1__more.sql", checksum("alter table a add x int;\n")));

        assertThat(shipped(directory(temp.resolve("classes"), files))).contains(expected);
        assertThat(shipped(jar(temp.resolve("app.jar"), files))).contains(expected);
    }

    @Test
    void anythingButVersionedSqlMigrationsLeavesTheJudgementToFlyway(@TempDir Path temp) throws IOException {
        assertThat(shipped(directory(temp.resolve("repeatable"), Map.of("V1__tables.sql", V1, "R__views.sql", "select 1;"))))
                .isEmpty();
        assertThat(shipped(jar(temp.resolve("nested.jar"), Map.of("V1__tables.sql", V1, "more/V2__more.sql", "select 1;"))))
                .isEmpty();
        assertThat(shipped(directory(temp.resolve("nested"), Map.of("V1__tables.sql", V1, "more/V2__more.sql", "select 1;"))))
                .isEmpty();
    }

    @Test
    void aMigrationShippedTwiceLeavesTheJudgementToFlyway(@TempDir Path temp) throws IOException {
        Path classes = directory(temp.resolve("classes"), Map.of("V1__tables.sql", V1));
        Path jar = jar(temp.resolve("other.jar"), Map.of("V1__tables.sql", V1.replace("int", "bigint")));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), jar.toUri().toURL()}, null)) {
            assertThat(SchemaHistory.shipped(loader)).isEmpty();
        }
    }

    @Test
    void aBuildWithoutMigrationsShipsNone(@TempDir Path temp) throws IOException {
        Files.createDirectories(temp);
        assertThat(shipped(temp)).contains(Set.of());
    }

    private static int checksum(String text) throws IOException {
        return SchemaHistory.checksum(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Optional<Set<Migration>> shipped(Path classPathEntry) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classPathEntry.toUri().toURL()}, null)) {
            return SchemaHistory.shipped(loader);
        }
    }

    private static Path directory(Path root, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(SchemaHistory.LOCATION).resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return root;
    }

    private static Path jar(Path jar, Map<String, String> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
            entries.putNextEntry(new JarEntry(SchemaHistory.LOCATION + "/"));
            for (Map.Entry<String, String> file : files.entrySet()) {
                entries.putNextEntry(new JarEntry(SchemaHistory.LOCATION + "/" + file.getKey()));
                entries.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }
}
