package io.fums.meter.reading.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import io.fums.meter.access.MeterAlarm;
import io.fums.meter.reading.internal.AnomalyRules.MeterState;
import io.fums.meter.reading.internal.AnomalyRules.Outcome;
import io.fums.store.AuditEvent;
import io.fums.store.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SEC-8 and SEC-9 on the DCU side: applies {@link AnomalyRules} to what reads
 * and associations see, keeps the result ({@link MeterStateStore}), audits
 * every refused authentication and every alarm, and raises the alarms.
 * Thread-safe (one meter's state changes one at a time).
 */
final class AnomalyMonitor implements MeterConnector.AssociationEvents {

    static final String ACTOR = "meter-reading";
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyMonitor.class);

    private final MeterStateStore store;
    private final AuditLog audit;
    private final AlarmDispatcher alarms;
    private final Clock clock;
    private volatile ReadingSettings.Limits limits;
    /** The monotonic time of the rate-limited alarms ({@code System::nanoTime}): a wall clock step does not move them. */
    private final java.util.function.LongSupplier nanoTime;
    /** Responses with a stale invocation counter: the first raises an alarm, then one per window. */
    private FailureSeries counterRegressions;
    /** Responses failing GCM authentication: {@code decipherThreshold} within the window raise an alarm. */
    private FailureSeries decipherFailures;
    /** The certificate (fingerprint) each meter was last warned about ahead of its expiry. */
    private final Map<String, String> expiryWarned = new java.util.HashMap<>();

    /** @param limits the bounds of the rules (configuration {@value ReadingSettings#PID}) */
    AnomalyMonitor(MeterStateStore store, AuditLog audit, AlarmDispatcher alarms, Clock clock,
            ReadingSettings.Limits limits) {
        this(store, audit, alarms, clock, limits, System::nanoTime);
    }

    /** @param nanoTime the monotonic time of the rate-limited alarms ({@code System::nanoTime} in the DCU) */
    AnomalyMonitor(MeterStateStore store, AuditLog audit, AlarmDispatcher alarms, Clock clock,
            ReadingSettings.Limits limits, java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.store = store;
        this.audit = audit;
        this.alarms = alarms;
        this.clock = clock;
        limits(limits);
    }

    /**
     * New bounds, for what is seen from now on. A new failure window or decipher threshold starts the rate-limited
     * series again (counts so far are dropped: at worst one alarm more, soon).
     */
    synchronized void limits(ReadingSettings.Limits l) {
        ReadingSettings.Limits old = limits;
        limits = l;
        if (old == null || !old.failureWindow().equals(l.failureWindow())
                || old.decipherThreshold() != l.decipherThreshold()) {
            counterRegressions = new FailureSeries(l.failureWindow(), 1);
            decipherFailures = new FailureSeries(l.failureWindow(), l.decipherThreshold());
        }
    }

    /**
     * A read returned its values (OBIS code to stored text): the energy
     * import and the meter's clock are judged. Values the meter refused or
     * that do not parse are left out.
     *
     * @param previousEnergyWh the energy of the latest stored reading, asked for when this run has none yet
     */
    synchronized void valuesRead(String meter, Map<String, String> values, Instant readAt,
            Supplier<Double> previousEnergyWh) {
        Double wh = energyWh(values.get(MeterReader.IMPORT));
        if (wh != null) {
            MeterState s = store.get(meter);
            if (s.energyWh() == null) {
                Double before = previousEnergyWh.get();
                if (before != null) {
                    s = s.withEnergy(before);
                }
            }
            apply(meter, s, AnomalyRules.energyRead(s, wh), "meter.anomaly.energy", ErrorCode.METER_ANOMALY);
        }
        Instant meterTime = instant(values.get(MeterReader.CLOCK));
        if (meterTime != null) {
            MeterState s = store.get(meter);
            Outcome o = AnomalyRules.clockRead(s, meterTime, readAt, limits.clockDrift());
            apply(meter, s, o, "meter.anomaly.clock", ErrorCode.METER_ANOMALY);
            if (o.note() != null) {
                audit(AuditEvent.builder(ACTOR, "meter.clock.back").subject(meter).detail("message", o.note()).build());
            }
        }
    }

    /** The meter identified itself with {@code deviceId}. */
    synchronized void deviceIdRead(String meter, String deviceId) {
        MeterState s = store.get(meter);
        apply(meter, s, AnomalyRules.deviceIdRead(s, deviceId), "meter.anomaly.device", ErrorCode.METER_ANOMALY);
    }

    /** The energy in Wh of a stored register text ({@code "12345.6 Wh"}, {@code "12.3 kWh"}), or null. */
    static Double energyWh(String text) {
        if (text == null || MeterReader.isError(text)) {
            return null;
        }
        String[] parts = text.trim().split(" ");
        if (parts.length != 2) {
            return null;
        }
        try {
            double v = Double.parseDouble(parts[0]);
            return switch (parts[1]) {
                case "Wh" -> v;
                case "kWh" -> v * 1000;
                default -> null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String text) {
        if (text == null || MeterReader.isError(text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A read returned the meter's active firmware identifier. */
    synchronized void firmwareRead(String meter, String identifier) {
        MeterState s = store.get(meter);
        Outcome o = AnomalyRules.firmwareRead(s, identifier);
        apply(meter, s, o, "meter.anomaly.firmware", ErrorCode.METER_UNEXPECTED_VERSION);
        if (o.note() != null) {
            audit(AuditEvent.builder(ACTOR, "meter.firmware.changed").subject(meter).detail("message", o.note())
                    .detail("identifier", identifier).build());
        }
    }

    @Override
    public synchronized void associated(String meter) {
        MeterState s = store.get(meter);
        apply(meter, s, AnomalyRules.associated(s), null, null);
    }

    @Override
    public synchronized void refused(String meter, DlmsException e) {
        MeterState s = store.get(meter);
        Outcome o = AnomalyRules.authenticationRefused(s, e.getMessage(), limits.authFailureThreshold());
        audit(AuditEvent.builder(ACTOR, "meter.association").failed(ErrorCode.METER_AUTH_FAILED).subject(meter)
                .detail("message", e.getMessage()).detail("consecutive", o.next().authFailures()).build());
        apply(meter, s, o, "meter.anomaly.authentication", ErrorCode.METER_AUTH_FAILED);
    }

    /**
     * Before an association with a high-ecdsa meter: a certificate outside its validity dates at the DCU's clock
     * refuses it ({@code METER_AUTH_FAILED}, audited as {@code meter.certificate.invalid} with the serial number and
     * dates, and counted as a refused association: the alarm comes as for other authentication failures). A
     * certificate ending within {@code certificateWarningDays} is warned about once (log, audit
     * {@code meter.certificate.expiring}).
     */
    @Override
    public synchronized DlmsException refusal(Inventory.MeterEntry m) {
        Instant now = clock.instant();
        String why = MeterCertificates.refusal(m, now);
        Inventory.MeterCertificateRef ref = m.security().certificate();
        if (why == null) {
            if (MeterCertificates.expiresWithin(m, now, limits.certificateWarning())
                    && !ref.fingerprint().equals(expiryWarned.put(m.id(), ref.fingerprint()))) {
                LOG.warn("meter {}: certificate {} ends at {}, within {} days", m.id(), ref.read().serial(),
                        ref.read().notAfter(), limits.certificateWarning().toDays());
                audit(certificate(AuditEvent.builder(ACTOR, "meter.certificate.expiring"), m.id(), ref).build());
            }
            return null;
        }
        DlmsException e = new DlmsException(ErrorCode.METER_AUTH_FAILED, why);
        LOG.warn("{}", why);
        audit(certificate(AuditEvent.builder(ACTOR, "meter.certificate.invalid"), m.id(), ref)
                .failed(ErrorCode.METER_AUTH_FAILED).detail("message", why).build());
        refused(m.id(), e);
        return e;
    }

    private static AuditEvent.Builder certificate(AuditEvent.Builder b, String meter,
            Inventory.MeterCertificateRef ref) {
        return b.subject(meter).detail("serial", ref.read().serial()).detail("notBefore", ref.read().notBefore()
                .toString()).detail("notAfter", ref.read().notAfter().toString())
                .detail("fingerprint", ref.fingerprint());
    }

    /**
     * Responses of the meter the DCU refused since the last report: every
     * report is audited; alarms are rate-limited ({@link FailureSeries}).
     */
    @Override
    public synchronized void responsesRefused(String meter, long staleCounters, long decipherFailed) {
        long now = nanoTime.getAsLong();
        if (staleCounters > 0) {
            audit(AuditEvent.builder(ACTOR, "meter.response.replay").failed(ErrorCode.METER_AUTH_FAILED).subject(meter)
                    .detail("count", staleCounters).build());
            long n = counterRegressions.failed(meter, now, staleCounters);
            if (n > 0) {
                MeterState s = store.get(meter);
                apply(meter, s, AnomalyRules.counterRegression(s, n), "meter.anomaly.counter",
                        ErrorCode.METER_AUTH_FAILED);
            }
        }
        if (decipherFailed > 0) {
            audit(AuditEvent.builder(ACTOR, "meter.response.decipher").failed(ErrorCode.METER_AUTH_FAILED)
                    .subject(meter).detail("count", decipherFailed).build());
            long n = decipherFailures.failed(meter, now, decipherFailed);
            if (n > 0) {
                MeterState s = store.get(meter);
                apply(meter, s, AnomalyRules.decipherFailures(s, n, limits.decipherThreshold(), limits.failureWindow()),
                        "meter.anomaly.decipher", ErrorCode.METER_AUTH_FAILED);
            }
        }
    }

    /** The meter will report {@code identifier}: durable before returning. */
    synchronized void expect(String meter, String identifier) throws FumsException {
        MeterState s = store.get(meter);
        store.put(meter, AnomalyRules.expect(s, identifier).next(), clock.millis());
        audit(AuditEvent.builder(ACTOR, "meter.firmware.expect").subject(meter).detail("identifier", identifier)
                .detail("running", s.firmware()).build());
    }

    synchronized void clear(String meter) throws FumsException {
        MeterState s = store.get(meter);
        if (!s.suspect() && s.authFailures() == 0) {
            return;
        }
        store.put(meter, AnomalyRules.clear(s).next(), clock.millis());
        counterRegressions.reset(meter);
        decipherFailures.reset(meter);
        audit(AuditEvent.builder(ACTOR, "meter.suspect.clear").subject(meter).detail("kind", s.suspectKind())
                .detail("message", s.suspectMessage()).build());
    }

    Set<String> suspects() {
        return store.suspects();
    }

    MeterState state(String meter) {
        return store.get(meter);
    }

    private void apply(String meter, MeterState before, Outcome o, String action, ErrorCode reason) {
        Instant now = clock.instant();
        try {
            store.put(meter, o.next(), now.toEpochMilli());
        } catch (FumsException e) {
            LOG.error("meter {}: SEC-8 state not stored: {}", meter, e.toString());
        }
        if (o.alarm()) {
            audit(AuditEvent.builder(ACTOR, action).failed(reason).subject(meter).detail("kind", o.alarmKind())
                    .detail("message", o.message()).detail("previousFirmware", before.firmware())
                    .detail("firmware", o.next().firmware()).build());
            alarms.fire(new MeterAlarm(meter, o.alarmKind(), o.message(), now));
        }
    }

    private void audit(AuditEvent e) {
        try {
            audit.append(e);
        } catch (FumsException x) {
            LOG.error("audit entry {} {} not stored: {}", e.action(), e.subject(), x.toString());
        }
    }
}
