package dev.gatehouse.auth.common;

/**
 * A refusal the caller should see, mapped to problem+json (with the Descope SDK fields) in one place.
 * {@code errorCode} is stable and machine-readable; the message is the human detail.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String errorCode;

    public ApiException(int status, String errorCode, String detail) {
        super(detail);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public static ApiException badRequest(String errorCode, String detail) {
        return new ApiException(400, errorCode, detail);
    }

    public static ApiException unauthorized(String errorCode, String detail) {
        return new ApiException(401, errorCode, detail);
    }

    public static ApiException forbidden(String errorCode, String detail) {
        return new ApiException(403, errorCode, detail);
    }

    public static ApiException notFound(String errorCode, String detail) {
        return new ApiException(404, errorCode, detail);
    }
}
