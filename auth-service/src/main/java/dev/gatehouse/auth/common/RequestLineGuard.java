package dev.gatehouse.auth.common;

import dev.gatehouse.common.BadInput;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;

/** Refuses request lines no endpoint can use (broken percent-encoding, non-UTF-8, NUL) before routing. */
public class RequestLineGuard {

    void register(@Observes Filters filters) {
        // The reason is one of BadInput's fixed sentences, never request text, so it needs no escaping.
        filters.register(BadInput.requestLineGuard(reason -> "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"" + reason
                + "\",\"errorCode\":\"E400012\",\"errorDescription\":\"Bad Request\",\"errorMessage\":\"" + reason + "\"}"), 1000);
    }
}
