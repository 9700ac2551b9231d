package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.cosem.ControlState;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.model.MeterModel;
import io.fums.meter.reading.SupplyState;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supply switch (MeterSupply, class 70) of emulated meters on HLS-GMAC
 * with suite 0 ciphering, through the real component: disconnect, the state
 * read back, energy that stops, and reconnection per control_mode (SEC-4).
 */
@Tag("SEC-4")
class SupplySwitchEmulatorTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;


    @Test
    void sec4DisconnectStopsTheEnergyAndReconnectRestoresItOverACipheredAssociation() throws Exception {
        try (Fixtures.Emulated emu = Fixtures.ciphered(dir, vendor, "h", 2, FreePorts.base(2), "{\"powerW\": 3600000}");
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            MeterReadingComponent c = Fixtures.component(dcu, emu.inventory());
            MeterModel meter = emu.emulator().population().meter("h-00001");
            try {
                SupplyState before = c.state("h-00001");
                assertThat(before.controlState()).isEqualTo(ControlState.CONNECTED);
                assertThat(before.outputState()).isTrue();
                assertThat(before.controlMode()).isEqualTo(4);

                SupplyState off = c.disconnect("h-00001");
                assertThat(off.controlState()).isEqualTo(ControlState.DISCONNECTED);
                assertThat(off.outputState()).isFalse();
                long stopped = meter.status().importWh();
                // 1 kWh per second when connected: a few hundred ms of supply would show
                Conditions.await("the meter keeps its register while disconnected", Duration.ofSeconds(5))
                        .during(Duration.ofMillis(1500)).until(() -> meter.status().importWh() == stopped);
                assertThat(emu.emulator().population().meter("h-00002").status().controlState())
                        .as("only the meter named").isEqualTo("connected");

                SupplyState on = c.reconnect("h-00001");
                assertThat(on.controlState()).isEqualTo(ControlState.CONNECTED);
                Conditions.await("energy advances again", Duration.ofSeconds(5))
                        .until(() -> meter.status().importWh() > stopped);

                meter.disconnectMode(1);
                c.disconnect("h-00001");
                assertThat(c.reconnect("h-00001").controlState()).as("mode 1: the consumer closes the switch")
                        .isEqualTo(ControlState.READY_FOR_RECONNECTION);
                meter.pressButton();
                assertThat(c.state("h-00001").controlState()).isEqualTo(ControlState.CONNECTED);

                meter.disconnectMode(0);
                assertThatThrownBy(() -> c.disconnect("h-00001")).isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_REFUSED));
                assertThatThrownBy(() -> c.disconnect("nope")).isInstanceOfSatisfying(FumsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.METER_UNKNOWN));
            } finally {
                c.stop();
            }
        }
    }
}
