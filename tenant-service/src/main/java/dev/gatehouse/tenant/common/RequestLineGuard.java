package dev.gatehouse.tenant.common;

import dev.gatehouse.common.BadInput;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;

/** Refuses request lines no endpoint can use (broken percent-encoding, non-UTF-8, NUL) before routing. */
public class RequestLineGuard {

    void register(@Observes Filters filters) {
        // The reason is one of BadInput's fixed sentences, never request text, so it needs no escaping.
        filters.register(BadInput.requestLineGuard(reason -> "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"" + reason + "\"}"), 1000);
    }
}
