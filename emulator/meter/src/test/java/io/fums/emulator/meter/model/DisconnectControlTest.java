package io.fums.emulator.meter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.ControlState;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.emulator.meter.image.VendorKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disconnect control object (class 70, 0-0:96.3.10.255) of the emulated
 * meter: the Blue Book state machine per control_mode, energy that stops
 * while the supply is open, and state that survives a restart (SEC-4).
 * The fixture's meter draws 3600 W: 1 Wh per second.
 */
@Tag("SEC-4")
class DisconnectControlTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private MeterFixture m;

    @BeforeEach
    void meter() {
        m = new MeterFixture(dir, vendor, MeterFixture.spec(1000, 400, 600));
    }

    private ActionResult call(CosemMethodDescriptor method) {
        return m.model.action(method, new DataValue.Int8(0)).result();
    }

    private ControlState state() {
        return ControlState.values()[((DataValue.Enumerated) m.get(CosemObjects.DISCONNECT_CONTROL_STATE)).value()];
    }

    private boolean output() {
        return ((DataValue.Bool) m.get(CosemObjects.DISCONNECT_OUTPUT_STATE)).value();
    }

    @Test
    void sec4ANewMeterIsConnectedInMode4() {
        assertThat(state()).isEqualTo(ControlState.CONNECTED);
        assertThat(output()).isTrue();
        assertThat(m.get(CosemObjects.DISCONNECT_CONTROL_MODE)).isEqualTo(new DataValue.Enumerated(4));
        assertThat(m.set(CosemObjects.CLASS_DISCONNECT_CONTROL, CosemObjects.DISCONNECT_CONTROL, 4,
                new DataValue.Enumerated(0))).as("control_mode is not writable over DLMS").isEqualTo(DataAccessResult.READ_WRITE_DENIED);
    }

    @Test
    void sec4EnergyStopsWhileDisconnectedAndResumesOnReconnection() {
        long start = m.importRegister();
        m.time.advance(10_000);
        assertThat(m.importRegister()).isEqualTo(start + 10);
        assertThat(call(CosemObjects.REMOTE_DISCONNECT)).isEqualTo(ActionResult.SUCCESS);
        assertThat(state()).isEqualTo(ControlState.DISCONNECTED);
        assertThat(output()).isFalse();
        m.time.advance(3_600_000);
        assertThat(m.importRegister()).as("no energy while the supply is open").isEqualTo(start + 10);
        assertThat(call(CosemObjects.REMOTE_DISCONNECT)).as("idempotent").isEqualTo(ActionResult.SUCCESS);
        assertThat(call(CosemObjects.REMOTE_RECONNECT)).isEqualTo(ActionResult.SUCCESS);
        assertThat(state()).as("mode 4: direct remote reconnection (a)").isEqualTo(ControlState.CONNECTED);
        m.time.advance(5_000);
        assertThat(m.importRegister()).isEqualTo(start + 15);
    }

    @Test
    void sec4InMode1AReconnectionOnlyArmsTheMeterUntilTheConsumerPressesTheButton() {
        m.model.disconnectMode(1);
        long start = m.importRegister();
        call(CosemObjects.REMOTE_DISCONNECT);
        assertThat(call(CosemObjects.REMOTE_RECONNECT)).isEqualTo(ActionResult.SUCCESS);
        assertThat(state()).as("transition d").isEqualTo(ControlState.READY_FOR_RECONNECTION);
        assertThat(output()).isFalse();
        m.time.advance(60_000);
        assertThat(m.importRegister()).isEqualTo(start);
        assertThat(m.model.pressButton()).as("transition e").isTrue();
        assertThat(state()).isEqualTo(ControlState.CONNECTED);
        m.time.advance(60_000);
        assertThat(m.importRegister()).isEqualTo(start + 60);
        assertThat(m.model.pressButton()).as("mode 1 allows a manual disconnection (f)").isTrue();
        assertThat(state()).isEqualTo(ControlState.READY_FOR_RECONNECTION);
        assertThat(call(CosemObjects.REMOTE_DISCONNECT)).as("transition c").isEqualTo(ActionResult.SUCCESS);
        assertThat(state()).isEqualTo(ControlState.DISCONNECTED);
        assertThat(m.model.pressButton()).as("no manual reconnection from disconnected").isFalse();
    }

    @Test
    void sec4Mode4HasNoManualDisconnectionAndMode0RefusesBothMethods() {
        assertThat(m.model.pressButton()).isFalse();
        assertThat(state()).isEqualTo(ControlState.CONNECTED);
        call(CosemObjects.REMOTE_DISCONNECT);
        m.model.disconnectMode(0);
        assertThat(state()).as("mode 0: always connected").isEqualTo(ControlState.CONNECTED);
        assertThat(call(CosemObjects.REMOTE_DISCONNECT)).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(call(CosemObjects.REMOTE_RECONNECT)).isEqualTo(ActionResult.OTHER_REASON);
        assertThat(output()).isTrue();
    }

    @Test
    void sec4AMethodWithOtherDataThanInteger0IsRefusedAndChangesNothing() {
        assertThat(m.model.action(CosemObjects.REMOTE_DISCONNECT, new DataValue.UInt8(0)).result())
                .isEqualTo(ActionResult.TYPE_UNMATCHED);
        assertThat(m.model.action(CosemObjects.REMOTE_DISCONNECT, new DataValue.Int8(1)).result())
                .isEqualTo(ActionResult.TYPE_UNMATCHED);
        assertThat(m.model.action(CosemObjects.REMOTE_DISCONNECT, null).result()).isEqualTo(ActionResult.TYPE_UNMATCHED);
        assertThat(state()).isEqualTo(ControlState.CONNECTED);
    }

    @Test
    void sec4TheSwitchStateSurvivesARestartAndEnergyStaysStopped() {
        long start = m.importRegister();
        call(CosemObjects.REMOTE_DISCONNECT);
        m.model.checkpoint();
        m.open();
        assertThat(state()).isEqualTo(ControlState.DISCONNECTED);
        m.time.advance(60_000);
        assertThat(m.importRegister()).isEqualTo(start);
        assertThat(m.model.status().controlState()).isEqualTo("disconnected");
        m.model.powerCut("test", 0);
        m.time.advance(60_000);
        assertThat(state()).as("a power cut keeps the switch open").isEqualTo(ControlState.DISCONNECTED);
        assertThat(m.importRegister()).isEqualTo(start);
    }
}
