package dev.gatehouse.ui.errors;

import dev.gatehouse.common.BadInput;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;

/**
 * Refuses request lines no endpoint can use (broken percent-encoding, non-UTF-8, NUL) before routing: left to
 * the framework, some of them drop the connection without an answer.
 */
public class RequestLineGuard {

    void register(@Observes Filters filters) {
        filters.register(rc -> BadInput.requestLineProblem(rc.request().path(), rc.request().query()).ifPresentOrElse(
                reason -> rc.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json")
                        .putHeader("Connection", "close")
                        .end(json(reason)),
                rc::next), 1000);
    }

    /** {@code reason} is one of BadInput's fixed sentences, never request text, so it needs no escaping. */
    private static String json(String reason) {
        return "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"" + reason + "\"}";
    }
}
