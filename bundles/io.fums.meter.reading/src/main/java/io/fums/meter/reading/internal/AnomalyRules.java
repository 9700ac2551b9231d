package io.fums.meter.reading.internal;

import io.fums.meter.reading.MeterAlarm;
import java.util.Objects;

/**
 * SEC-8 decisions, without I/O: what a firmware identifier read, an
 * association refused for authentication, or a successful association means
 * for a meter's recorded state, and whether it raises an alarm.
 */
final class AnomalyRules {

    /** Consecutive associations refused for authentication that raise an alarm. */
    static final int AUTH_FAILURE_THRESHOLD = 3;

    private AnomalyRules() {
    }

    /**
     * What the DCU knows about a meter.
     *
     * @param firmware       last active firmware identifier read, or null before the first read
     * @param expected       announced identifier, or null
     * @param authFailures   consecutive associations refused for authentication
     * @param suspectKind    the alarm kind that made the meter suspect, or null
     * @param suspectMessage what that alarm said, or null
     */
    record MeterState(String firmware, String expected, int authFailures, String suspectKind,
            String suspectMessage) {

        static final MeterState NEW = new MeterState(null, null, 0, null, null);

        boolean suspect() {
            return suspectKind != null;
        }

        MeterState withFirmware(String f, String e) {
            return new MeterState(f, e, authFailures, suspectKind, suspectMessage);
        }

        MeterState withAuthFailures(int n) {
            return new MeterState(firmware, expected, n, suspectKind, suspectMessage);
        }

        MeterState withSuspect(String kind, String message) {
            return new MeterState(firmware, expected, authFailures, kind, message);
        }
    }

    /**
     * The next state, and the alarm to raise (kind and message) or null.
     *
     * @param note for the audit log when there is no alarm but something worth recording
     *             happened (an announced change), else null
     */
    record Outcome(MeterState next, String alarmKind, String message, String note) {
        boolean alarm() {
            return alarmKind != null;
        }
    }

    /** A read returned {@code identifier} as the active firmware. */
    static Outcome firmwareRead(MeterState s, String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (s.firmware() == null) {
            String expected = identifier.equals(s.expected()) ? null : s.expected();
            return new Outcome(s.withFirmware(identifier, expected), null, null, null);
        }
        if (identifier.equals(s.firmware())) {
            return new Outcome(s, null, null, null);
        }
        if (identifier.equals(s.expected())) {
            return new Outcome(s.withFirmware(identifier, null), null, null, "active firmware identifier changed from "
                    + s.firmware() + " to " + identifier + ", as announced");
        }
        String message = "active firmware identifier changed from " + s.firmware() + " to " + identifier
                + (s.expected() == null ? "; no change was announced" : "; announced was " + s.expected());
        return new Outcome(s.withFirmware(identifier, s.expected()).withSuspect(MeterAlarm.FIRMWARE_CHANGED, message),
                MeterAlarm.FIRMWARE_CHANGED, message, null);
    }

    /** An association was refused for authentication reasons. */
    static Outcome authenticationRefused(MeterState s, String why) {
        int n = s.authFailures() + 1;
        MeterState next = s.withAuthFailures(n);
        if (n != AUTH_FAILURE_THRESHOLD) {
            return new Outcome(next, null, null, null);
        }
        String message = n + " consecutive associations refused for authentication; last: " + why;
        return new Outcome(next.withSuspect(MeterAlarm.AUTHENTICATION_FAILURES, message),
                MeterAlarm.AUTHENTICATION_FAILURES, message, null);
    }

    /** An association succeeded: a series of authentication failures ends. */
    static Outcome associated(MeterState s) {
        return new Outcome(s.authFailures() == 0 ? s : s.withAuthFailures(0), null, null, null);
    }

    /** {@code identifier} is announced. */
    static Outcome expect(MeterState s, String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        return new Outcome(s.withFirmware(s.firmware(), identifier), null, null, null);
    }

    /** An operator cleared the suspect mark: the failure count starts again too. */
    static Outcome clear(MeterState s) {
        return new Outcome(s.withSuspect(null, null).withAuthFailures(0), null, null, null);
    }
}
