package io.fums.cloud.meters.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import org.slf4j.Logger;

/** The end of a handler's audit record: the outcome of a failure, and an append that never throws. */
final class CommandAudit {

    private CommandAudit() {
    }

    /** Marks {@code b} refused ({@code refusal}) or failed with the failure's code and message; nothing if null. */
    static AuditEvent.Builder outcome(AuditEvent.Builder b, FumsException failure, boolean refusal) {
        if (failure != null) {
            b.detail("message", String.valueOf(failure.getMessage()));
            if (refusal) {
                b.refused(failure.code());
            } else {
                b.failed(failure.code());
            }
        }
        return b;
    }

    /** A request-level code (nothing was attempted) rather than a failure of the meter. */
    static boolean commandCode(ErrorCode code) {
        return code.category() == ErrorCode.Category.COMMAND;
    }

    /** Appends; a failure to audit is logged (the operation's own outcome stands). */
    static void append(AuditLog audit, AuditEvent.Builder b, Logger log, String what) {
        AuditEvent e = b.build();
        try {
            audit.append(e);
        } catch (FumsException x) {
            log.error("auditing {} {} of {} failed: {}", what, e.action(), e.subject(), x.toString());
        }
    }
}
