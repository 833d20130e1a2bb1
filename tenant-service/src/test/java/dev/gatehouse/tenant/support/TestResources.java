package dev.gatehouse.tenant.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

public final class TestResources {

    private TestResources() {
    }

    /** A file under src/test/resources/metadata (see the README there for where each comes from). */
    public static String metadata(String name) {
        try (InputStream in = TestResources.class.getResourceAsStream("/metadata/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
