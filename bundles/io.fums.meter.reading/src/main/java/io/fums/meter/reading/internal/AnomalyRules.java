package io.fums.meter.reading.internal;

import io.fums.meter.access.MeterAlarm;
import java.util.Objects;

/**
 * SEC-8 decisions, without I/O: what a firmware identifier read, an
 * association refused for authentication, a successful association, or a
 * series of refused responses means for a meter's recorded state, and
 * whether it raises an alarm.
 */
final class AnomalyRules {

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
     * @param energyWh       the last active energy import read, in Wh, or null
     * @param deviceId       the device id (0-0:96.1.0.255) first identified, or null
     * @param clockDrift     the meter's clock was last seen beyond the bound
     */
    record MeterState(String firmware, String expected, int authFailures, String suspectKind,
            String suspectMessage, Double energyWh, String deviceId, boolean clockDrift) {

        static final MeterState NEW = new MeterState(null, null, 0, null, null, null, null, false);

        MeterState(String firmware, String expected, int authFailures, String suspectKind, String suspectMessage) {
            this(firmware, expected, authFailures, suspectKind, suspectMessage, null, null, false);
        }

        boolean suspect() {
            return suspectKind != null;
        }

        MeterState withFirmware(String f, String e) {
            return new MeterState(f, e, authFailures, suspectKind, suspectMessage, energyWh, deviceId, clockDrift);
        }

        MeterState withAuthFailures(int n) {
            return new MeterState(firmware, expected, n, suspectKind, suspectMessage, energyWh, deviceId, clockDrift);
        }

        MeterState withSuspect(String kind, String message) {
            return new MeterState(firmware, expected, authFailures, kind, message, energyWh, deviceId, clockDrift);
        }

        MeterState withEnergy(double wh) {
            return new MeterState(firmware, expected, authFailures, suspectKind, suspectMessage, wh, deviceId,
                    clockDrift);
        }

        MeterState withDeviceId(String id) {
            return new MeterState(firmware, expected, authFailures, suspectKind, suspectMessage, energyWh, id,
                    clockDrift);
        }

        MeterState withClockDrift(boolean drift) {
            return new MeterState(firmware, expected, authFailures, suspectKind, suspectMessage, energyWh, deviceId,
                    drift);
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

    /**
     * A read returned the active energy import register, in Wh. The register
     * only counts up; going back means a tampered or replaced meter (a 32-bit
     * Wh register wraps after 4.29 GWh, decades of a household's consumption).
     */
    static Outcome energyRead(MeterState s, double wh) {
        MeterState next = s.withEnergy(wh);
        if (s.energyWh() == null || wh >= s.energyWh()) {
            return new Outcome(next, null, null, null);
        }
        String message = "active energy import went back from " + s.energyWh() + " Wh to " + wh + " Wh";
        return new Outcome(next.withSuspect(MeterAlarm.ENERGY_BACKWARDS, message), MeterAlarm.ENERGY_BACKWARDS, message,
                null);
    }

    /**
     * A read returned the meter's clock. An alarm when it is first seen more
     * than {@code bound} away from the DCU's clock (once per excursion: the
     * series ends when the meter is back within the bound).
     */
    static Outcome clockRead(MeterState s, java.time.Instant meterTime, java.time.Instant dcuTime,
            java.time.Duration bound) {
        java.time.Duration drift = java.time.Duration.between(dcuTime, meterTime);
        boolean beyond = drift.abs().compareTo(bound) > 0;
        if (!beyond) {
            return new Outcome(s.clockDrift() ? s.withClockDrift(false) : s, null, null,
                    s.clockDrift() ? "meter clock back within " + bound.toSeconds() + " s of the DCU's" : null);
        }
        if (s.clockDrift()) {
            return new Outcome(s, null, null, null);
        }
        String message = "meter clock is " + drift.toSeconds() + " s " + (drift.isNegative() ? "behind" : "ahead of")
                + " the DCU's (bound " + bound.toSeconds() + " s)";
        return new Outcome(s.withClockDrift(true).withSuspect(MeterAlarm.CLOCK_DRIFT, message), MeterAlarm.CLOCK_DRIFT,
                message, null);
    }

    /** The meter identified itself with {@code deviceId}: another id at the same place means it was swapped. */
    static Outcome deviceIdRead(MeterState s, String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId");
        if (s.deviceId() == null || s.deviceId().equals(deviceId)) {
            return new Outcome(s.deviceId() == null ? s.withDeviceId(deviceId) : s, null, null, null);
        }
        String message = "device id changed from " + s.deviceId() + " to " + deviceId
                + " at the same address: the meter was swapped";
        return new Outcome(s.withDeviceId(deviceId).withSuspect(MeterAlarm.METER_SWAPPED, message),
                MeterAlarm.METER_SWAPPED, message, null);
    }

    /**
     * {@code count} responses of the meter carried an invocation counter not
     * above the last accepted one since its previous such alarm (the DCU
     * refused them): a replayed response, or a meter whose counter went back.
     */
    static Outcome counterRegression(MeterState s, long count) {
        String message = count + " response(s) with an invocation counter not above the last accepted one"
                + " (replayed, or the meter's counter went back); refused";
        return new Outcome(s.withSuspect(MeterAlarm.COUNTER_REGRESSION, message), MeterAlarm.COUNTER_REGRESSION,
                message, null);
    }

    /**
     * {@code count} responses of the meter failed their GCM authentication,
     * at least {@code threshold} of them within {@code window}.
     */
    static Outcome decipherFailures(MeterState s, long count, int threshold, java.time.Duration window) {
        String message = count + " response(s) failed their GCM authentication (" + threshold + " or more within "
                + window.toMinutes() + " min): wrong keys, or frames forged or changed on the line";
        return new Outcome(s.withSuspect(MeterAlarm.DECIPHER_FAILURES, message), MeterAlarm.DECIPHER_FAILURES,
                message, null);
    }

    /**
     * An association was refused for authentication reasons: the {@code threshold}-th in a row raises an alarm
     * (configuration {@code authFailureThreshold}).
     */
    static Outcome authenticationRefused(MeterState s, String why, int threshold) {
        int n = s.authFailures() + 1;
        MeterState next = s.withAuthFailures(n);
        if (n != threshold) {
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
