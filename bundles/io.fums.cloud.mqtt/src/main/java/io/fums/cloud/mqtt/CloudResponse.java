package io.fums.cloud.mqtt;

import io.fums.api.error.ErrorCode;
import java.util.Objects;

/**
 * What a {@link RequestHandler} answers: sent as
 * {@code {"status", "code", "message", "data"}}. Immutable.
 */
public final class CloudResponse {

    /** The {@code code} of a successful response. */
    public static final String OK_CODE = "OK";

    private final ResponseStatus status;
    private final ErrorCode code;
    private final String message;
    private final Object data;

    private CloudResponse(ResponseStatus status, ErrorCode code, String message, Object data) {
        this.status = status;
        this.code = code;
        this.message = Objects.requireNonNull(message, "message");
        this.data = data;
    }

    /** Success with data (a JSON value, see the package doc; null for none). */
    public static CloudResponse ok(Object data) {
        return new CloudResponse(ResponseStatus.OK, null, "ok", data);
    }

    /** Success with a message for people and data. */
    public static CloudResponse ok(String message, Object data) {
        return new CloudResponse(ResponseStatus.OK, null, message, data);
    }

    /**
     * An error with data (what state the failure left, for instance a swap
     * that rolled back).
     *
     * @param status  {@link ResponseStatus#REFUSED} or {@link ResponseStatus#FAILED}
     * @param code    the reason
     * @param message for people
     * @param data    a JSON value or null
     * @throws IllegalArgumentException if status is {@link ResponseStatus#OK}
     */
    public static CloudResponse error(ResponseStatus status, ErrorCode code, String message, Object data) {
        if (status == ResponseStatus.OK) {
            throw new IllegalArgumentException("an error response needs status refused or failed");
        }
        return new CloudResponse(status, Objects.requireNonNull(code, "code"), message, data);
    }

    /** How the request ended. */
    public ResponseStatus status() {
        return status;
    }

    /** The reason; null when {@link ResponseStatus#OK}. */
    public ErrorCode code() {
        return code;
    }

    /** The wire code: {@value #OK_CODE} or the error code's name. */
    public String codeName() {
        return code == null ? OK_CODE : code.name();
    }

    /** For people. */
    public String message() {
        return message;
    }

    /** The data, a JSON value, or null. */
    public Object data() {
        return data;
    }

    @Override
    public String toString() {
        return status.wire() + " " + codeName() + ": " + message;
    }
}
