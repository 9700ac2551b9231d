package io.fums.interop.gurux.meter;

import gurux.dlms.ConnectionState;
import gurux.dlms.GXDLMSConnectionEventArgs;
import gurux.dlms.GXDateTime;
import gurux.dlms.GXUInt32;
import gurux.dlms.ValueEventArgs;
import gurux.dlms.enums.AccessMode;
import gurux.dlms.enums.Authentication;
import gurux.dlms.enums.Conformance;
import gurux.dlms.enums.ErrorCode;
import gurux.dlms.enums.InterfaceType;
import gurux.dlms.enums.MethodAccessMode;
import gurux.dlms.enums.ObjectType;
import gurux.dlms.enums.Security;
import gurux.dlms.enums.SourceDiagnostic;
import gurux.dlms.enums.Unit;
import gurux.dlms.objects.GXDLMSActionSchedule;
import gurux.dlms.objects.GXDLMSAssociationLogicalName;
import gurux.dlms.objects.GXDLMSClock;
import gurux.dlms.objects.GXDLMSData;
import gurux.dlms.objects.GXDLMSImageTransfer;
import gurux.dlms.objects.GXDLMSObject;
import gurux.dlms.objects.GXDLMSRegister;
import gurux.dlms.objects.GXDLMSScriptTable;
import gurux.dlms.secure.GXDLMSSecureServer2;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Calendar;
import java.util.EnumSet;
import java.util.List;
import java.util.TimeZone;

/**
 * A small DLMS/COSEM meter built on Gurux's server classes
 * ({@link GXDLMSSecureServer2}, logical name referencing, TCP wrapper
 * framing handled by Gurux): association object 0-0:40.0.0.255 with no
 * security, LLS or HLS-GMAC with security suite 0 ciphering, over the TCP
 * wrapper or HDLC (framing by Gurux), device id
 * 0-0:96.1.0.255, active firmware identifier 1-0:0.2.0.255, clock
 * 0-0:1.0.0.255 (UTC), active energy import 1-0:1.8.0.255 (Wh, scaler 0; no
 * export register), a data object nobody may read ({@link #DENIED}), image transfer 0-0:44.0.0.255 with this meter's own
 * behaviour ({@link GuruxImageBehaviour}) and, if configured, the image
 * activation schedule 0-0:15.0.2.255 (class 22). Everything else is Gurux's.
 * {@link GuruxMeterServer} puts it on a TCP port. Not thread-safe: one
 * request at a time.
 */
public final class GuruxMeter extends GXDLMSSecureServer2 {

    /** A data object every association is refused to read (read-write-denied): shows how refusals are encoded. */
    public static final String DENIED = "0.0.96.99.0.255";

    /** The activation schedule of the image transfer (Blue Book, class 22). */
    public static final String SCHEDULE = "0.0.15.0.2.255";

    private final GuruxMeterConfig config;
    private final Clock clock;
    private final GXDLMSData firmwareObject = new GXDLMSData("1.0.0.2.0.255");
    private final GXDLMSClock clockObject = new GXDLMSClock("0.0.1.0.0.255");
    private final GuruxImageBehaviour image;
    /** The invocation counter after the last request handled (see {@link #keepInvocationCounter()}). */
    private long invocationCounter;

    /** A meter as {@code config} says on the TCP wrapper; {@code clock} is its time (UTC, deviation 0). */
    public GuruxMeter(GuruxMeterConfig config, Clock clock) {
        this(config, clock, InterfaceType.WRAPPER);
    }

    /**
     * A meter as {@code config} says with {@code framing} WRAPPER or HDLC (Gurux's HDLC defaults: information
     * field 128, window 1, whatever physical address; one meter per link).
     */
    public GuruxMeter(GuruxMeterConfig config, Clock clock, InterfaceType framing) {
        super(association(config), framing);
        this.config = config;
        this.clock = clock;
        setMaxReceivePDUSize(config.maxPduSize());
        getConformance().clear();
        getConformance().addAll(EnumSet.of(Conformance.GET, Conformance.SET, Conformance.ACTION,
                Conformance.SELECTIVE_ACCESS, Conformance.MULTIPLE_REFERENCES,
                Conformance.BLOCK_TRANSFER_WITH_GET_OR_READ, Conformance.BLOCK_TRANSFER_WITH_SET_OR_WRITE,
                Conformance.BLOCK_TRANSFER_WITH_ACTION));
        if (config.authentication() == Authentication.HIGH_GMAC) {
            getCiphering().setSecurity(Security.AUTHENTICATION_ENCRYPTION);
            getCiphering().setSystemTitle(config.systemTitle());
            getCiphering().setBlockCipherKey(config.encryptionKey());
            getCiphering().setAuthenticationKey(config.authenticationKey());
        }
        GXDLMSData deviceId = new GXDLMSData("0.0.96.1.0.255");
        deviceId.setValue(config.deviceId().getBytes(StandardCharsets.US_ASCII));
        GXDLMSImageTransfer transfer = new GXDLMSImageTransfer("0.0.44.0.0.255");
        transfer.setImageBlockSize(config.blockSize());
        image = new GuruxImageBehaviour(transfer, config.maxImageSize(), clock, config.firmware());
        firmwareObject.setValue(config.firmware().getBytes(StandardCharsets.UTF_8));
        GXDLMSData denied = new GXDLMSData(DENIED);
        denied.setValue(0);
        GXDLMSRegister energy = new GXDLMSRegister("1.0.1.8.0.255");
        energy.setUnit(Unit.ACTIVE_ENERGY);
        energy.setScaler(1);
        energy.setValue(new GXUInt32(config.energyWh()));
        getItems().addAll(List.of(deviceId, firmwareObject, clockObject, energy, transfer, denied));
        if (config.activationSchedule()) {
            GXDLMSActionSchedule schedule = new GXDLMSActionSchedule(SCHEDULE);
            schedule.setTarget(new GXDLMSScriptTable("0.0.10.0.107.255"));
            schedule.setExecutedScriptSelector(1);
            getItems().add(schedule);
        }
        initialize();
    }

    private static GXDLMSAssociationLogicalName association(GuruxMeterConfig config) {
        GXDLMSAssociationLogicalName a = new GXDLMSAssociationLogicalName("0.0.40.0.0.255");
        a.getAuthenticationMechanismName().setMechanismId(config.authentication());
        if (config.password() != null) {
            a.setSecret(config.password().getBytes(StandardCharsets.US_ASCII));
        }
        return a;
    }

    /** The running firmware's version. */
    public synchronized String firmware() {
        return image.firmware();
    }

    /** The image transfer steps the meter took, in order (see {@link GuruxImageBehaviour#events()}). */
    public synchronized List<String> events() {
        return image.events();
    }

    /** HDLC: the link's parameters as negotiated, "info TX/RX, window TX/RX". */
    public synchronized String hdlcParameters() {
        var h = getHdlcSettings();
        return "info " + h.getMaxInfoTX() + "/" + h.getMaxInfoRX() + ", window " + h.getWindowSizeTX() + "/"
                + h.getWindowSizeRX();
    }

    /**
     * Keeps the meter's invocation counter from going back. Gurux's server sets it to 0 whenever it resets: at a
     * release (RLRQ on the wrapper), a DISC, an HDLC inactivity timeout, and {@link #reset()} at each new
     * connection, so its next association would send counters the client has already seen (a DCU refuses
     * them as replayed, docs/dlms.md "Independent peer"). A meter keeps its counter for as long as the key
     * (Green Book): call this after every request handled and every reset. A request's answer is one APDU,
     * ciphered at most once before a reset in the same request, hence one value skipped.
     */
    public synchronized void keepInvocationCounter() {
        long now = getCiphering().getInvocationCounter();
        if (now < invocationCounter) {
            invocationCounter++;
            getCiphering().setInvocationCounter(invocationCounter);
        } else {
            invocationCounter = now;
        }
    }

    /** Whether an association is open. */
    public synchronized boolean associated() {
        return (getSettings().getConnected() & ConnectionState.DLMS) != 0;
    }

    @Override
    protected boolean isTarget(int serverAddress, int clientAddress) {
        return getInterfaceType() == InterfaceType.HDLC || serverAddress == 1;
    }

    @Override
    protected SourceDiagnostic onValidateAuthentication(Authentication authentication, byte[] password) {
        if (authentication != config.authentication()) {
            return SourceDiagnostic.NOT_RECOGNISED;
        }
        if (authentication == Authentication.LOW && (password == null
                || !Arrays.equals(password, config.password().getBytes(StandardCharsets.US_ASCII)))) {
            return SourceDiagnostic.AUTHENTICATION_FAILURE;
        }
        return SourceDiagnostic.NONE;
    }

    @Override
    public void onPreRead(ValueEventArgs[] args) {
        image.tick();
        for (ValueEventArgs e : args) {
            if (e.getTarget() == clockObject && e.getIndex() == 2) {
                Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
                utc.setTimeInMillis(clock.millis());
                clockObject.setTime(new GXDateTime(utc));
            } else if (e.getTarget() == firmwareObject && e.getIndex() == 2) {
                firmwareObject.setValue(image.firmware().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    protected void onPreWrite(ValueEventArgs[] args) {
        image.tick();
        for (ValueEventArgs e : args) {
            if (e.getTarget() instanceof GXDLMSActionSchedule && e.getIndex() == 4) {
                // Our own parsing of execution_time: Gurux's goes through java.util.Calendar in the JVM's zone.
                e.setHandled(true);
                try {
                    image.schedule(ExecutionTime.parse(e.getValue()));
                } catch (IllegalArgumentException bad) {
                    e.setError(ErrorCode.UNMATCHED_TYPE);
                }
            } else if (!(e.getTarget() instanceof GXDLMSImageTransfer && e.getIndex() == 5)) {
                e.setError(ErrorCode.READ_WRITE_DENIED);
                e.setHandled(true);
            }
        }
    }

    @Override
    protected void onPreAction(ValueEventArgs[] args) {
        image.tick();
        for (ValueEventArgs e : args) {
            if (e.getTarget() instanceof GXDLMSImageTransfer) {
                e.setHandled(true);
                ErrorCode error = image.invoke(e.getIndex(), e.getParameters());
                if (error != null) {
                    e.setError(error);
                }
            }
        }
    }

    @Override
    protected GXDLMSObject onFindObject(ObjectType objectType, int sn, String ln) {
        return null;
    }

    @Override
    protected AccessMode onGetAttributeAccess(ValueEventArgs arg) {
        if (DENIED.equals(arg.getTarget().getLogicalName()) && arg.getIndex() == 2) {
            return AccessMode.NO_ACCESS;
        }
        return arg.getTarget() instanceof GXDLMSActionSchedule && arg.getIndex() == 4
                || arg.getTarget() instanceof GXDLMSImageTransfer && arg.getIndex() == 5
                        ? AccessMode.READ_WRITE : AccessMode.READ;
    }

    @Override
    protected MethodAccessMode onGetMethodAccess(ValueEventArgs arg) {
        return MethodAccessMode.ACCESS;
    }

    @Override
    public void onPreGet(ValueEventArgs[] args) {
        // nothing: the attribute reads go through onPreRead
    }

    @Override
    public void onPostGet(ValueEventArgs[] args) {
        // nothing
    }

    @Override
    public void onPostRead(ValueEventArgs[] args) {
        // nothing
    }

    @Override
    protected void onPostWrite(ValueEventArgs[] args) {
        // nothing
    }

    @Override
    protected void onPostAction(ValueEventArgs[] args) {
        // nothing
    }

    @Override
    protected void onConnected(GXDLMSConnectionEventArgs connectionInfo) {
        // nothing
    }

    @Override
    protected void onInvalidConnection(GXDLMSConnectionEventArgs connectionInfo) {
        // nothing
    }

    @Override
    protected void onDisconnected(GXDLMSConnectionEventArgs connectionInfo) {
        // nothing
    }
}
