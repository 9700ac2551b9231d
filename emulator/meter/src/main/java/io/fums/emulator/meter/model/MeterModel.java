package io.fums.emulator.meter.model;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.emulator.dlms.server.CosemObjectModel;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.fault.Faults;
import io.fums.emulator.meter.image.ImageVerifier;
import io.fums.emulator.meter.store.MeterStore;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One emulated meter as the DLMS server session sees it: its COSEM objects
 * (device id, active firmware identifier and signature, clock, energy
 * registers, configuration settings, image transfer, activation schedule,
 * association object list) behind {@link CosemObjectModel}.
 *
 * <p>Thread-safe: every call takes the meter's lock, first finishing any
 * step that is due ({@link #tick()}); the population also ticks each meter
 * periodically so that timed steps and schedules run without requests.
 * Faults that delay responses sleep before taking the lock.
 */
public final class MeterModel implements CosemObjectModel {

    private final Meter meter;
    private final UpgradeSteps steps;
    private final SecuritySetupObject securitySetup;
    private final Map<ObisCode, CosemObject> objects = new LinkedHashMap<>();

    /**
     * Loads the meter's state from {@code store}, or creates a new meter from
     * {@code spec}, recovering from a step that a crash interrupted.
     */
    public MeterModel(MeterSpec spec, MeterStore store, InstantSource time, Faults faults, ImageVerifier verifier) {
        this.meter = new Meter(spec, store, time, faults, verifier);
        this.steps = new UpgradeSteps(meter);
        add(DataObject.readOnly(CosemObjects.DEVICE_ID,
                () -> new DataValue.OctetString(spec.deviceId().getBytes(StandardCharsets.US_ASCII))));
        add(DataObject.readOnly(CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER, () -> new DataValue.OctetString(
                running().version.getBytes(StandardCharsets.UTF_8))));
        add(DataObject.readOnly(CosemObjects.ACTIVE_FIRMWARE_SIGNATURE, () -> new DataValue.OctetString(
                HexFormat.of().parseHex(running().sha256))));
        for (String component : meter.state.components.keySet()) {
            int b = MeterSpec.COMPONENT_CHANNELS.getOrDefault(component, 0);
            if (b == 0) {
                continue;
            }
            add(DataObject.readOnly(new ObisCode(1, b, 0, 2, 0, 255), () -> new DataValue.OctetString(
                    meter.state.components.get(component).version.getBytes(StandardCharsets.UTF_8))));
            add(DataObject.readOnly(new ObisCode(1, b, 0, 2, 8, 255), () -> new DataValue.OctetString(
                    HexFormat.of().parseHex(meter.state.components.get(component).sha256))));
        }
        add(new ClockObject(meter));
        add(new RegisterObject(CosemObjects.ACTIVE_ENERGY_IMPORT, meter, true));
        add(new RegisterObject(CosemObjects.ACTIVE_ENERGY_EXPORT, meter, false));
        for (String obis : meter.state.settings.keySet()) {
            add(DataObject.setting(ObisCode.parse(obis), meter));
        }
        add(new ImageTransferObject(meter, steps));
        add(new ActivationScheduleObject(meter));
        add(new DisconnectControlObject(meter));
        this.securitySetup = new SecuritySetupObject(meter);
        add(securitySetup);
        add(new AssociationObject(objects.values(), name -> !meter.faults.absent(name)));
    }

    private void add(CosemObject o) {
        objects.put(o.name(), o);
    }

    private MeterState.Bank running() {
        return meter.state.banks[meter.state.runningBank()];
    }

    @Override
    public GetOutcome get(CosemAttributeDescriptor attribute, SelectiveAccess access) {
        delay();
        synchronized (this) {
            if (!meter.poweredOn()) {
                return GetOutcome.failed(DataAccessResult.HARDWARE_FAULT);
            }
            steps.tick();
            CosemObject o = present(attribute.instance());
            DataAccessResult problem = check(o, attribute.classId(), attribute.attributeId(), true);
            if (problem != null) {
                return GetOutcome.failed(problem);
            }
            if (access != null) {
                return GetOutcome.failed(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
            }
            return attribute.attributeId() == 1 ? GetOutcome.of(o.name().toDataValue()) : o.get(attribute.attributeId());
        }
    }

    @Override
    public DataAccessResult set(CosemAttributeDescriptor attribute, DataValue value) {
        delay();
        synchronized (this) {
            if (!meter.poweredOn()) {
                return DataAccessResult.HARDWARE_FAULT;
            }
            steps.tick();
            CosemObject o = present(attribute.instance());
            DataAccessResult problem = check(o, attribute.classId(), attribute.attributeId(), true);
            if (problem != null) {
                return problem;
            }
            return attribute.attributeId() == 1 || value == null ? DataAccessResult.READ_WRITE_DENIED
                    : o.set(attribute.attributeId(), value);
        }
    }

    @Override
    public ActionOutcome action(CosemMethodDescriptor method, DataValue parameters) {
        delay();
        synchronized (this) {
            if (!meter.poweredOn()) {
                return new ActionOutcome(ActionResult.HARDWARE_FAULT, null);
            }
            steps.tick();
            CosemObject o = present(method.instance());
            DataAccessResult problem = check(o, method.classId(), method.methodId(), false);
            if (problem != null) {
                return new ActionOutcome(problem == DataAccessResult.OBJECT_CLASS_INCONSISTENT
                        ? ActionResult.OBJECT_CLASS_INCONSISTENT : ActionResult.OBJECT_UNDEFINED, null);
            }
            return o.action(method.methodId(), parameters);
        }
    }

    @Override
    public boolean servesList(List<CosemAttributeDescriptor> attributes) {
        if (!meter.faults.refuseListNamingAbsent()) {
            return true;
        }
        synchronized (this) {
            return attributes.stream().allMatch(a -> present(a.instance()) != null);
        }
    }

    /** The object named {@code name} in a request, null if the meter has none (or a fault says it lacks it: counted). */
    private CosemObject present(ObisCode name) {
        return meter.faults.askedAbsent(name) ? null : objects.get(name);
    }

    private static DataAccessResult check(CosemObject o, int classId, int index, boolean attribute) {
        if (o == null) {
            return DataAccessResult.OBJECT_UNDEFINED;
        }
        if (o.classId() != classId) {
            return DataAccessResult.OBJECT_CLASS_INCONSISTENT;
        }
        int max = attribute ? o.attributeCount() : o.methodCount();
        return index < 1 || index > max ? DataAccessResult.OBJECT_UNDEFINED : null;
    }

    private void delay() {
        long ms = meter.faults.responseDelayMillis();
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Finishes the steps that are due (verification, activation, self-check) and runs a due schedule. */
    public synchronized void tick() {
        if (meter.poweredOn()) {
            steps.tick();
        }
    }

    /** Whether {@link #tick()} has work at {@code now}: a due step or schedule, or the power to restore. */
    public synchronized boolean needsTick(long now) {
        return !meter.poweredOn() || steps.nextDue() <= now;
    }

    /** When {@link #tick()} next has work, in the emulator's time (epoch ms); Long.MAX_VALUE when idle. */
    public synchronized long nextDue() {
        return steps.nextDue();
    }

    /** Saves the registers (periodic checkpoint and orderly shutdown). */
    public synchronized void checkpoint() {
        meter.save();
    }

    /** Cuts the power now (a control command); the meter stays off for {@code offMillis}. */
    public synchronized void powerCut(String why, long offMillis) {
        meter.powerCut(why, offMillis);
    }

    /**
     * The consumer presses the meter's button (disconnect control manual
     * transitions e and f, as control_mode allows).
     *
     * @return whether the switch state changed
     */
    public synchronized boolean pressButton() {
        return DisconnectControlObject.manual(meter);
    }

    /** Sets the disconnect control's control_mode, 0..6 (a control command; not writable over DLMS). */
    public synchronized void disconnectMode(int mode) {
        DisconnectControlObject.mode(meter, mode);
    }

    /** Whether the meter is powered (a link refuses connections while it is not). */
    public synchronized boolean poweredOn() {
        return meter.poweredOn();
    }

    /** Called, under the meter's lock, when the power fails: the link drops its connection. */
    public synchronized void onPowerCut(Runnable r) {
        meter.onPowerCut(r);
    }

    /** The meter's fault injector. */
    public Faults faults() {
        return meter.faults;
    }

    /** The meter's spec. */
    public MeterSpec spec() {
        return meter.spec;
    }

    /**
     * The saved invocation counters of the meter's ciphered associations:
     * {next to send, last received}. The next-to-send counter is advanced by
     * {@code margin} each time it is read, so that a crash between two saves
     * never makes the meter reuse a counter (and a GCM nonce).
     */
    public synchronized long[] takeInvocationCounters(long margin) {
        long[] c = {meter.state.counterNextToSend, meter.state.counterLastReceived};
        meter.state.counterNextToSend = Math.min(c[0] + margin, 0x1_0000_0000L);
        meter.save();
        return c;
    }

    /**
     * The meter's configured security and factory master key (KEK) for its
     * security setup object; keys and a master key transferred earlier are kept.
     */
    public synchronized void configureSecurity(MeterSecurity security, byte[] masterKey) {
        securitySetup.configure(security, masterKey);
    }

    /**
     * An association starts: keys transferred by key_transfer in an earlier
     * association take effect (the meter's counters start anew), and the
     * security it runs with is returned: {@code configured} with the keys in use.
     */
    public synchronized MeterSecurity beginAssociation(MeterSecurity configured) {
        return securitySetup.beginAssociation(configured);
    }

    /** Saves the invocation counters after a session. */
    public synchronized void saveInvocationCounters(long nextToSend, long lastReceived) {
        meter.state.counterNextToSend = Math.max(nextToSend, meter.state.counterNextToSend);
        meter.state.counterLastReceived = Math.max(lastReceived, meter.state.counterLastReceived);
        meter.save();
    }

    /** The highest broadcast invocation counter accepted under the broadcast key in use, -1 for none. */
    public synchronized long broadcastLastReceived() {
        return meter.state.broadcastLastReceived;
    }

    /** Saves the highest broadcast counter accepted after a session (it only rises under one key). */
    public synchronized void saveBroadcastLastReceived(long lastReceived) {
        if (lastReceived > meter.state.broadcastLastReceived) {
            meter.state.broadcastLastReceived = lastReceived;
            meter.save();
        }
    }

    /** Counts APDUs refused as replayed (a counter not above the last accepted) in a session. */
    public synchronized void countReplaysRefused(long n) {
        meter.state.replaysRefused += n;
        meter.save();
    }

    /** The objects, for an association's object_list. */
    public synchronized List<ObjectInfo> objectList() {
        return AssociationObject.infos(objects.values().stream().filter(o -> !meter.faults.absent(o.name())).toList());
    }

    /** A snapshot of the meter's state for control commands and tests. */
    public synchronized MeterStatus status() {
        meter.metrology.advance(meter.state, meter.now());
        return MeterStatus.of(meter, ImageTransferObject.firstMissing(meter.state));
    }

    /** An object of the model: interface class, version, logical name. */
    public record ObjectInfo(int classId, int version, ObisCode name) {
    }
}
