package dev.gatehouse.common;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Input that no endpoint can use, recognised the same way in every service so that it gets a 400 with a reason
 * (design.md §7) instead of a dropped connection or a database error turned into a 500.
 */
public final class BadInput {

    private BadInput() {
    }

    /**
     * Why a request line cannot be served, or empty when it can: percent-encoding that is broken, that does not
     * decode to UTF-8, or that decodes to control characters such as NUL (which PostgreSQL cannot store).
     */
    public static Optional<String> requestLineProblem(String rawPath, String rawQuery) {
        return problem(rawPath, "path").or(() -> problem(rawQuery, "query string"));
    }

    /**
     * A Vert.x filter that refuses, before routing, request lines no endpoint can use: left to the framework,
     * some of them drop the connection without an answer. {@code problemJson} turns one of this class's fixed
     * reasons (never request text) into the service's error body.
     */
    public static Handler<RoutingContext> requestLineGuard(Function<String, String> problemJson) {
        return rc -> requestLineProblem(rc.request().path(), rc.request().query()).ifPresentOrElse(
                reason -> rc.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json")
                        .putHeader("Connection", "close").end(problemJson.apply(reason)),
                rc::next);
    }

    /** True when a failure is the database refusing the data itself (SQLSTATE class 22: too long, NUL, bad number). */
    public static boolean isDataError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the framework could not decode a form or query (broken percent-encoding in a form body, which it
     * reports as an IllegalArgumentException, its own or the JDK's URLDecoder's when it reads a form into a
     * MultivaluedMap): the client's fault, not ours.
     */
    public static boolean isMalformedEncoding(Throwable failure) {
        return failure instanceof IllegalArgumentException && failure.getMessage() != null
                && (failure.getMessage().startsWith("Failed to decode") || failure.getMessage().startsWith("URLDecoder: "));
    }

    private static Optional<String> problem(String raw, String what) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return Optional.of("the " + what + " has a broken percent-encoding");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return Optional.of("the " + what + " is not UTF-8");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("the " + what + " contains control characters");
            }
        }
        return Optional.empty();
    }
}
