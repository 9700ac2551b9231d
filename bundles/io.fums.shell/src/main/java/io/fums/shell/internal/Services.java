package io.fums.shell.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.util.function.Supplier;

/** A DCU service a command needs, which may be absent (its bundle stopped, not configured). */
final class Services {

    private Services() {
    }

    /** The service, or a refusal that names it. */
    static <T> T need(Supplier<T> service, String what) throws FumsException {
        T s = service.get();
        if (s == null) {
            throw new FumsException(ErrorCode.INTERNAL, what + " is not running on this DCU; see health");
        }
        return s;
    }
}
