package io.fums.emulator.meter.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsException;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.security.SecurityKeys;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator served by io.fums.dlms's server session, driven by its client over the TCP wrapper. */
@Tag("CARD-4")
class EmulatorTcpTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir Path dir;

    private PopulationConfig config(int portBase, int count) throws Exception {
        return PopulationConfig.empty().stateDir(dir.resolve("state").toString()).addTcpGroup("m", count, portBase)
                .addVendorKey(EmulatorFixture.publicKey(vendor, dir).toString())
                .defaultSetting("verifyMillis", 300).defaultSetting("activateMillis", 100)
                .defaultSetting("selfCheckMillis", 100).defaultSetting("initialImportWh", 5000);
    }

    private final EmulatorFixture.Clients clients = new EmulatorFixture.Clients();

    private static DlmsClient connect(int port, AssociationSettings settings) throws DlmsException {
        return DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", port, Duration.ofSeconds(2)), 0x10, 1, settings);
    }

    @Test
    @Tag("SM-1")
    @Tag("SM-7")
    @Tag("MET-1")
    @Tag("UC-4")
    void aClientReadsTheMeterTransfersVerifiesAndActivatesAnImageThatSurvivesARestart() throws Exception {
        int port = FreePorts.base(2);
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 64 * 1024, 5,
                vendor.getPrivate());
        long energyBefore;
        try (MeterEmulator emu = MeterEmulator.start(config(port, 2), new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            assertThat(emu.tcpPorts()).isEqualTo(2);
            DlmsClient c = connect(port + 1, clients.settings(emu, "m-00002"));
            try {
                MeterObjects m = new MeterObjects(c);
                assertThat(m.deviceId()).isEqualTo("m-00002");
                assertThat(m.activeFirmwareIdentifier()).isEqualTo("1.0.0");
                assertThat(m.clock()).isNotNull();
                energyBefore = m.energyImport().value().longValue();
                assertThat(energyBefore).isGreaterThanOrEqualTo(5000);
                ImageTransferClient it = new ImageTransferClient(c);
                assertThat(it.blockSize()).isEqualTo(512);
                assertThat(it.transferImage("FW-2.0.0".getBytes(StandardCharsets.US_ASCII), image, false))
                        .isEqualTo(128);
                assertThat(it.verify()).isFalse();
                Conditions.await(Duration.ofMillis(5000))
                        .until(it::status, s -> s == ImageTransferStatus.VERIFICATION_SUCCESSFUL);
                assertThat(it.activate()).isFalse();
                Conditions.await(Duration.ofMillis(5000))
                        .until(it::status, s -> s == ImageTransferStatus.ACTIVATION_SUCCESSFUL);
                assertThat(m.activeFirmwareIdentifier()).isEqualTo("2.0.0");
            } finally {
                EmulatorFixture.closeQuietly(c);
            }
        }
        try (MeterEmulator emu = MeterEmulator.start(config(port, 2), new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            assertThat(emu.population().meter("m-00002").status().runningFirmware()).isEqualTo("2.0.0");
            DlmsClient c = connect(port + 1, clients.settings(emu, "m-00002"));
            try {
                MeterObjects m = new MeterObjects(c);
                assertThat(m.activeFirmwareIdentifier()).isEqualTo("2.0.0");
                assertThat(m.energyImport().value().longValue()).isGreaterThanOrEqualTo(energyBefore);
                assertThat(new MeterObjects(connect(port, clients.settings(emu, "m-00001"))).activeFirmwareIdentifier())
                        .as("the other meter was not upgraded").isEqualTo("1.0.0");
            } finally {
                EmulatorFixture.closeQuietly(c);
            }
        }
    }

    @Test
    void aMeterRequiringHlsGmacWithCipheringServesOnlyAClientWithTheKeys() throws Exception {
        int port = FreePorts.base(1);
        String ek = "000102030405060708090A0B0C0D0E0F";
        String ak = "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF";
        Path file = dir.resolve("population.json");
        Files.writeString(file, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "groups": [{"id": "s", "count": 1, "tcpPortBase": %d,
                   "security": {"authentication": "high-gmac", "encryptionKey": "%s", "authenticationKey": "%s",
                                "ciphering": true}}]}
                """.formatted(port, ek, ak));
        EmulatorFixture.publicKey(vendor, dir);
        PopulationConfig config = PopulationConfig.load(file, io.fums.emulator.meter.store.MeterStore.newGson());
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            assertThat(emu.tcpPorts()).isEqualTo(1);
            SecurityKeys keys = new SecurityKeys(HexFormat.of().parseHex(ek), HexFormat.of().parseHex(ak));
            byte[] clientTitle = "DCU00001".getBytes(StandardCharsets.US_ASCII);
            DlmsClient c = connect(port, AssociationSettings.highGmac(keys, clientTitle, true));
            try {
                assertThat(new MeterObjects(c).deviceId()).isEqualTo("s-00001");
            } finally {
                c.close();
            }
            assertThatThrownBy(() -> connect(port, AssociationSettings.none())).isInstanceOf(DlmsException.class);
        }
    }

    @Test
    @Tag("SM-9")
    void anActivationScheduledByTheClientRunsAtTheMetersTime() throws Exception {
        int port = FreePorts.base(1);
        byte[] image = ImageSigner.build(new ImageHeader("3.0.0", "FUMS-EM-1", 0), 4096, 7, vendor.getPrivate());
        try (MeterEmulator emu = MeterEmulator.start(config(port, 1), new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            assertThat(emu.tcpPorts()).isEqualTo(1);
            DlmsClient c = connect(port, clients.settings(emu, "m-00001"));
            try {
                ImageTransferClient it = new ImageTransferClient(c);
                MeterObjects m = new MeterObjects(c);
                it.transferImage("FW-3".getBytes(StandardCharsets.US_ASCII), image, false);
                it.verify();
                Conditions.await(Duration.ofMillis(5000))
                        .until(it::status, s -> s == ImageTransferStatus.VERIFICATION_SUCCESSFUL);
                var now = m.clock().toOffsetDateTime();
                var at = now.plusSeconds(2).withNano(0);
                it.scheduleActivation(io.fums.dlms.axdr.CosemDateTime.of(at, 0));
                assertThat(it.status()).isEqualTo(ImageTransferStatus.VERIFICATION_SUCCESSFUL);
                Conditions.await(Duration.ofMillis(6000))
                        .until(it::status, s -> s == ImageTransferStatus.ACTIVATION_SUCCESSFUL);
                assertThat(m.clock().toOffsetDateTime()).isAfterOrEqualTo(at);
                assertThat(m.activeFirmwareIdentifier()).isEqualTo("3.0.0");
            } finally {
                c.close();
            }
        }
    }
}
