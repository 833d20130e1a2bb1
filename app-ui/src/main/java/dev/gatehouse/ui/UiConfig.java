package dev.gatehouse.ui;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "gatehouse")
public interface UiConfig {

    Auth auth();

    interface Auth {
        /** auth-service as the browser reaches it. */
        String publicUrl();
    }
}
