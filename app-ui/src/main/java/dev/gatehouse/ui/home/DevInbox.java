package dev.gatehouse.ui.home;

import dev.gatehouse.ui.UiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The local demo's inbox, for the templates ({@code inject:devInbox.url}); null unless configured. */
@Named("devInbox")
@ApplicationScoped
public class DevInbox {

    @Inject
    UiConfig config;

    public String getUrl() {
        return config.devInboxUrl().orElse(null);
    }
}
