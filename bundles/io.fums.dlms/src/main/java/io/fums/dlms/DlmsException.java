package io.fums.dlms;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;

/**
 * A DLMS/COSEM exchange with one meter failed. The code says how:
 * {@link ErrorCode#METER_UNREACHABLE} (no answer in time, link closed or
 * broken), {@link ErrorCode#METER_PROTOCOL} (malformed or unexpected bytes,
 * see also {@link DlmsCodecException}), {@link ErrorCode#METER_AUTH_FAILED}
 * (association refused for its credentials, a key or a challenge did not
 * verify, a replayed frame counter) and {@link ErrorCode#METER_REFUSED} (the
 * meter understood and said no: association rejected, data-access-result or
 * action-result other than success). Messages made by the sessions start
 * with the name of the meter link ({@code "tcp 10.0.0.7:4059: ..."}), so an
 * error names the one meter it concerns.
 */
public class DlmsException extends FumsException {

    private static final long serialVersionUID = 1L;

    private final boolean timeout;

    /** An error with a code and a message. */
    public DlmsException(ErrorCode code, String message) {
        this(code, message, null, false);
    }

    /** An error with a code, a message and its cause. */
    public DlmsException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, false);
    }

    private DlmsException(ErrorCode code, String message, Throwable cause, boolean timeout) {
        super(code, message, cause);
        this.timeout = timeout;
    }

    /** Whether the error is an expired wait (code {@link ErrorCode#METER_UNREACHABLE}). */
    public boolean isTimeout() {
        return timeout;
    }

    /** {@code link}: nothing (complete) arrived within the time allowed. */
    public static DlmsException timeout(String link, String what) {
        return new DlmsException(ErrorCode.METER_UNREACHABLE, link + ": " + what, null, true);
    }

    /** {@code link} is closed or broken. */
    public static DlmsException unreachable(String link, String what, Throwable cause) {
        return new DlmsException(ErrorCode.METER_UNREACHABLE, link + ": " + what, cause);
    }

    /** {@code link}'s peer sent something malformed or unexpected. */
    public static DlmsException protocol(String link, String what) {
        return new DlmsException(ErrorCode.METER_PROTOCOL, link + ": " + what);
    }

    /** {@code link}'s peer refused the credentials or failed to prove its own. */
    public static DlmsException authFailed(String link, String what) {
        return new DlmsException(ErrorCode.METER_AUTH_FAILED, link + ": " + what);
    }

    /** {@code link}'s peer refused the request. */
    public static DlmsException refused(String link, String what) {
        return new DlmsException(ErrorCode.METER_REFUSED, link + ": " + what);
    }

    /**
     * {@code e} with the link name in front of its message (a codec error
     * knows offsets, not links); {@code e} itself if it already names it.
     */
    public static DlmsException at(String link, DlmsException e) {
        String m = e.getMessage();
        if (m != null && m.startsWith(link + ":")) {
            return e;
        }
        return new DlmsException(e.code(), link + ": " + m, e, e.timeout);
    }
}
