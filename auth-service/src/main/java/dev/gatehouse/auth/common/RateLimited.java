package dev.gatehouse.auth.common;

/** Too many requests from one client; answered 429 with {@code Retry-After}. */
public class RateLimited extends ApiException {

    private final long retryAfterSeconds;

    public RateLimited(long retryAfterSeconds) {
        super(429, "E429000", "too many requests; retry after " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
