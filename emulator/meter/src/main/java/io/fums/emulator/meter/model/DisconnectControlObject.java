package io.fums.emulator.meter.model;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.ControlState;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.CosemObjectModel.ActionOutcome;
import io.fums.emulator.dlms.server.CosemObjectModel.GetOutcome;

/**
 * The disconnect control (class 70, version 0) at 0-0:96.3.10.255, the
 * meter's supply switch, with the Blue Book state machine: attribute 2
 * output_state (true while connected), 3 control_state (0 disconnected, 1
 * connected, 2 ready_for_reconnection), 4 control_mode (0..6); method 1
 * remote_disconnect and 2 remote_reconnect (data: integer 0).
 *
 * <p>Transitions and the modes that allow them:
 * <pre>
 *  b  remote_disconnect   connected -> disconnected               modes 1-6
 *  c  remote_disconnect   ready_for_reconnection -> disconnected  modes 1-6
 *  a  remote_reconnect    disconnected -> connected               modes 2, 4
 *  d  remote_reconnect    disconnected -> ready_for_reconnection  modes 1, 3, 5, 6
 *  e  manual_reconnect    ready_for_reconnection -> connected     modes 1-6
 *  f  manual_disconnect   connected -> ready_for_reconnection     modes 1, 2, 5
 *  g  local_disconnect    connected -> ready_for_reconnection     modes 1-6
 *  h  local_reconnect     ready_for_reconnection -> connected     modes 5, 6
 * </pre>
 * Mode 0: always connected; both methods are refused (other-reason). A
 * remote method whose target state holds already succeeds and changes
 * nothing; remote_reconnect in ready_for_reconnection under modes 2 and 4
 * connects (the meter honours a direct reconnection it is allowed). While
 * the output is open the metrology measures no power (energy stops).
 *
 * <p>control_mode is read-only over DLMS here: writing mode 0 would close
 * the switch without the dual control the DCU demands for a disconnect; the
 * emulator's control port sets it. State and mode are saved with the meter.
 */
final class DisconnectControlObject implements CosemObject {

    /** control_mode of a new meter: remote disconnection, direct remote reconnection, no manual disconnection. */
    static final int DEFAULT_MODE = 4;

    private final Meter meter;

    DisconnectControlObject(Meter meter) {
        this.meter = meter;
    }

    @Override public int classId() { return CosemObjects.CLASS_DISCONNECT_CONTROL; }

    @Override public ObisCode name() { return CosemObjects.DISCONNECT_CONTROL; }

    @Override public int attributeCount() { return 4; }

    @Override public int methodCount() { return 2; }

    @Override
    public GetOutcome get(int attribute) {
        return GetOutcome.of(switch (attribute) {
            case 2 -> new DataValue.Bool(state(meter.state) == ControlState.CONNECTED);
            case 3 -> state(meter.state).toDataValue();
            default -> new DataValue.Enumerated(meter.state.controlMode);
        });
    }

    @Override
    public ActionOutcome action(int method, DataValue parameters) {
        if (!(parameters instanceof DataValue.Int8 i) || i.value() != 0) {
            return new ActionOutcome(ActionResult.TYPE_UNMATCHED, null);
        }
        boolean done = method == 1 ? remoteDisconnect(meter) : remoteReconnect(meter);
        return new ActionOutcome(done ? ActionResult.SUCCESS : ActionResult.OTHER_REASON, null);
    }

    /** The meter's control_state. */
    static ControlState state(MeterState s) {
        return s.controlMode == 0 ? ControlState.CONNECTED : ControlState.values()[s.controlState];
    }

    /** Transitions b and c; false (nothing changed) in mode 0. */
    static boolean remoteDisconnect(Meter m) {
        if (m.state.controlMode == 0) {
            return false;
        }
        move(m, ControlState.DISCONNECTED, "remote disconnect");
        return true;
    }

    /** Transitions a and d; false (nothing changed) in mode 0. */
    static boolean remoteReconnect(Meter m) {
        int mode = m.state.controlMode;
        if (mode == 0) {
            return false;
        }
        ControlState now = state(m.state);
        if (now == ControlState.CONNECTED) {
            return true;
        }
        boolean direct = mode == 2 || mode == 4;
        move(m, direct ? ControlState.CONNECTED : ControlState.READY_FOR_RECONNECTION, "remote reconnect");
        return true;
    }

    /**
     * The consumer's button: e (ready_for_reconnection -> connected) in every
     * mode but 0, f (connected -> ready_for_reconnection) in modes 1, 2 and 5.
     *
     * @return whether the state changed
     */
    static boolean manual(Meter m) {
        int mode = m.state.controlMode;
        ControlState now = state(m.state);
        if (mode != 0 && now == ControlState.READY_FOR_RECONNECTION) {
            move(m, ControlState.CONNECTED, "manual reconnect");
            return true;
        }
        if ((mode == 1 || mode == 2 || mode == 5) && now == ControlState.CONNECTED) {
            move(m, ControlState.READY_FOR_RECONNECTION, "manual disconnect");
            return true;
        }
        return false;
    }

    /** Sets control_mode (the emulator's control port); mode 0 connects. */
    static void mode(Meter m, int mode) {
        if (mode < 0 || mode > 6) {
            throw new IllegalArgumentException("control_mode must be 0..6: " + mode);
        }
        m.metrology.advance(m.state, m.now());
        m.state.controlMode = mode;
        if (mode == 0) {
            m.state.controlState = ControlState.CONNECTED.code();
        }
        m.event("disconnect control mode " + mode);
        m.save();
    }

    private static void move(Meter m, ControlState to, String why) {
        // energy measured up to now at the old switch position, then none (or some) from here on
        m.metrology.advance(m.state, m.now());
        if (m.state.controlState != to.code()) {
            m.state.controlState = to.code();
            m.event(why + ": " + to.name().toLowerCase().replace('_', ' '));
        }
        m.save();
    }
}
