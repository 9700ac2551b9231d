package io.fums.emulator.meter.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.cli.MeterEmulatorCli;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.fault.FaultStep;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.testsupport.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run-time control: faults and power cuts by JSON request, status, and the CLI that sends them. */
@Tag("CARD-4")
class ControlServerTest {

    @TempDir Path dir;

    @Test
    void faultsArePlacedAndMetersInspectedAtRunTime() throws Exception {
        Path key = EmulatorFixture.publicKey(VendorKeys.generate(), dir);
        PopulationConfig c = PopulationConfig.empty().stateDir(dir.resolve("s").toString()).addTcpGroup("m", 3, 0)
                .addVendorKey(key.toString()).controlPort(FreePorts.base(1));
        try (MeterEmulator emu = MeterEmulator.start(c, new DlmsSessionRunner(Duration.ofSeconds(5)))) {
            ControlServer ctl = emu.control();
            assertThat(ctl.handle("{\"op\":\"faults\",\"meter\":[\"m-00001\",\"m-00003\"],"
                    + "\"faults\":{\"powerCutAt\":\"SELF_CHECK\",\"failSelfCheck\":true}}"))
                    .isEqualTo("{\"ok\":true,\"meters\":2}");
            assertThat(emu.population().meter("m-00003").faults().plan().powerCutAt()).isEqualTo(FaultStep.SELF_CHECK);
            assertThat(emu.population().meter("m-00002").faults().plan().failSelfCheck()).isFalse();
            assertThat(ctl.handle("{\"op\":\"power-cut\",\"meter\":\"m-00002\",\"offMillis\":60000}"))
                    .contains("\"ok\":true");
            assertThat(emu.population().meter("m-00002").poweredOn()).isFalse();
            assertThat(ctl.handle("{\"op\":\"status\",\"meter\":\"m-00002\"}"))
                    .contains("\"poweredOn\":false").contains("\"runningFirmware\":\"1.0.0\"")
                    .contains("power cut during control command");
            assertThat(ctl.handle("{\"op\":\"status\"}")).contains("\"meters\":3").contains("\"1.0.0\":3");
            assertThat(ctl.handle("{\"op\":\"faults\",\"meter\":\"nobody\",\"faults\":{}}"))
                    .contains("\"ok\":false").contains("no meter nobody");
            assertThat(ctl.handle("{\"op\":\"faults\",\"meter\":\"*\",\"faults\":{\"garbageRate\":2}}"))
                    .contains("\"ok\":false");
            assertThat(ctl.handle("not json")).contains("\"ok\":false");
            assertThat(ctl.handle("{\"op\":\"reboot\"}")).contains("unknown op");

            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true));
            try {
                assertThat(MeterEmulatorCli.run("control", "--port", String.valueOf(ctl.port()),
                        "{\"op\":\"faults\",\"meter\":\"*\",\"faults\":{}}")).isZero();
            } finally {
                System.setOut(out);
            }
            assertThat(captured.toString()).contains("\"meters\":3");
            assertThat(emu.population().meter("m-00001").faults().plan().failSelfCheck()).isFalse();
        }
    }

    @Test
    @Tag("SEC-4")
    void sec4TheConsumersButtonAndTheDisconnectModeAreControlRequests() throws Exception {
        Path key = EmulatorFixture.publicKey(VendorKeys.generate(), dir);
        PopulationConfig c = PopulationConfig.empty().stateDir(dir.resolve("s").toString()).addTcpGroup("m", 2, 0)
                .addVendorKey(key.toString()).controlPort(FreePorts.base(1));
        try (MeterEmulator emu = MeterEmulator.start(c, new DlmsSessionRunner(Duration.ofSeconds(5)))) {
            ControlServer ctl = emu.control();
            assertThat(ctl.handle("{\"op\":\"disconnect-mode\",\"meter\":\"*\",\"mode\":9}")).contains("\"ok\":false");
            assertThat(emu.population().meter("m-00001").status().controlMode()).as("nothing changed").isEqualTo(4);
            assertThat(ctl.handle("{\"op\":\"disconnect-mode\",\"meter\":\"m-00001\",\"mode\":1}"))
                    .isEqualTo("{\"ok\":true,\"meters\":1}");
            assertThat(ctl.handle("{\"op\":\"button\",\"meter\":\"*\"}")).as("mode 1 allows a manual disconnection, mode 4 not")
                    .isEqualTo("{\"ok\":true,\"changed\":1}");
            assertThat(ctl.handle("{\"op\":\"status\",\"meter\":\"m-00001\"}"))
                    .contains("\"controlState\":\"ready_for_reconnection\"").contains("\"controlMode\":1");
            assertThat(emu.population().meter("m-00002").status().controlState()).isEqualTo("connected");
        }
    }

    @Test
    void theCliMakesKeysAndSignedImages() throws Exception {
        assertThat(MeterEmulatorCli.run("keygen", "--out", dir.resolve("v").toString())).isZero();
        assertThat(MeterEmulatorCli.run("make-image", "--key", dir.resolve("v.key.pem").toString(), "--version",
                "9.9", "--size", "5000", "--out", dir.resolve("fw.img").toString())).isZero();
        assertThat(Files.size(dir.resolve("fw.img"))).isEqualTo(5000);
        var r = new io.fums.emulator.meter.image.ImageVerifier(java.util.List.of(
                VendorKeys.readPublicKey(dir.resolve("v.pub.pem")))).verify(dir.resolve("fw.img"), 5000, "FUMS-EM-1");
        assertThat(r.ok()).isTrue();
        assertThat(r.header().version()).isEqualTo("9.9");
        assertThat(MeterEmulatorCli.run("make-image", "--key", dir.resolve("missing.pem").toString(), "--version",
                "1", "--out", dir.resolve("x.img").toString())).isNotZero();
    }
}
