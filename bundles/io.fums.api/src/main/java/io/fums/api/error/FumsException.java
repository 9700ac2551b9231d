package io.fums.api.error;

import java.util.Objects;

/**
 * A refusal or failure with a stable {@link ErrorCode}. Thrown by FUMS
 * services when input is bad or an operation cannot complete; the message
 * says what was wrong in terms a technician or operator can act on.
 */
public class FumsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /** An error with the code's default message. */
    public FumsException(ErrorCode code) {
        this(code, code.defaultMessage(), null);
    }

    /** An error with a specific message. */
    public FumsException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** An error with a specific message and its cause. */
    public FumsException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code. */
    public ErrorCode code() {
        return code;
    }

    /** {@code CODE: message}, the form used in logs and command-line output. */
    @Override
    public String toString() {
        return code.name() + ": " + getMessage();
    }
}
