package io.fums.emulator.meter.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.model.MeterStatus;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.testsupport.Conditions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meters on a shared RS-485-like medium behind one socat pty, HDLC addressed. */
@Tag("CARD-4")
class EmulatorPtyTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;
    private final EmulatorFixture.Clients clients = new EmulatorFixture.Clients();

    @BeforeAll
    static void keys() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
    }

    @Test
    @Tag("SM-2")
    void twoMetersOnOneBusAnswerAtTheirOwnAddressesAndAPowerCutDropsOnlyTheOne() throws Exception {
        Path bus = dir.resolve("bus1");
        EmulatorFixture.publicKey(vendor, dir);
        Path file = dir.resolve("population.json");
        Files.writeString(file, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "bus1", "pty": "%s", "link": {"baud": 115200}}],
                 "defaults": {"verifyMillis": 100, "activateMillis": 50, "selfCheckMillis": 50, "blockSize": 256},
                 "groups": [{"id": "b", "count": 2, "medium": "bus1", "hdlcAddressBase": 17}],
                 "meters": [{"id": "b-00002", "faults": {"powerCutAt": "ACTIVATION", "powerOffMillis": 300}}]}
                """.formatted(bus));
        PopulationConfig config = PopulationConfig.load(file, MeterStore.newGson());
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 8 * 1024, 3, vendor.getPrivate());
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            assertThat(emu.ptys().get(0).awaitPty(5000)).isTrue();
            try (PtyLink link = new PtyLink(bus)) {
                DlmsClient a = DlmsClient.overHdlc(link.view(), HdlcSettings.client(0x10, 1, 17), clients.settings(emu, "b-00001"));
                assertThat(new MeterObjects(a).deviceId()).isEqualTo("b-00001");
                a.close();
                DlmsClient b = DlmsClient.overHdlc(link.view(), HdlcSettings.client(0x10, 1, 18)
                        .withRetries(Duration.ofMillis(500), 1), clients.settings(emu, "b-00002"));
                MeterObjects mb = new MeterObjects(b);
                assertThat(mb.deviceId()).isEqualTo("b-00002");
                ImageTransferClient it = new ImageTransferClient(b);
                it.transferImage("FW-2".getBytes(StandardCharsets.US_ASCII), image, false);
                it.verify();
                Conditions.await(Duration.ofMillis(3000))
                        .until(it::status, s -> s == ImageTransferStatus.VERIFICATION_SUCCESSFUL);
                try {
                    it.activate(); // the power fails: no answer
                } catch (io.fums.dlms.DlmsException expected) {
                    // the meter went dark
                }
                b.close();
                Conditions.await("b-00002 is back from its power cut").until(() -> {
                    MeterStatus s = emu.population().meter("b-00002").status();
                    return s.powerCuts() == 1 && s.poweredOn();
                });
                DlmsClient b2 = DlmsClient.overHdlc(link.view(), HdlcSettings.client(0x10, 1, 18), clients.settings(emu, "b-00002"));
                assertThat(new ImageTransferClient(b2).status()).isEqualTo(ImageTransferStatus.ACTIVATION_FAILED);
                assertThat(new MeterObjects(b2).activeFirmwareIdentifier()).isEqualTo("1.0.0");
                b2.close();
                DlmsClient a2 = DlmsClient.overHdlc(link.view(), HdlcSettings.client(0x10, 1, 17), clients.settings(emu, "b-00001"));
                assertThat(new MeterObjects(a2).activeFirmwareIdentifier()).isEqualTo("1.0.0");
                a2.close();
            }
        }
    }
}
