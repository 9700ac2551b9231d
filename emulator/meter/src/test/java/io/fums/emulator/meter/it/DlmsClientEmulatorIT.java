package io.fums.emulator.meter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.net.PtyEndpoint;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.emulator.meter.store.MeterStore;
import io.fums.link.serial.SerialLink;
import io.fums.link.serial.SerialSettings;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DCU's DLMS client against emulated meters (issue [3/8]): reads device
 * id, firmware identifier, clock and energy, transfers a signed 256 KiB image,
 * verifies and activates it, reads back the new firmware identifier, and finds
 * configuration and energy intact - over the TCP wrapper, and over HDLC on a
 * socat pty pair opened through jSerialComm (io.fums.link.serial).
 */
@Tag("SM-1")
@Tag("SM-3")
@Tag("SM-4")
@Tag("SM-7")
@Tag("SM-8")
@Tag("MET-1")
@Tag("NET-1")
@Tag("CARD-4")
class DlmsClientEmulatorIT {

    private static final int IMAGE_SIZE = 256 * 1024;
    private static final List<ObisCode> SETTINGS = List.of(ObisCode.parse("0-0:96.14.0.255"), ObisCode.parse("0-0:96.50.1.255"),
            ObisCode.parse("0-0:96.50.2.255"), ObisCode.parse("0-0:96.50.3.255"));

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;

    private Path population(String json) throws Exception {
        VendorKeys.write(vendor.getPublic(), dir.resolve("vendor.pub.pem"));
        Path file = dir.resolve("population.json");
        Files.writeString(file, json);
        return file;
    }

    private static List<DataValue> settings(DlmsClient c) throws Exception {
        List<DataValue> values = new ArrayList<>();
        for (ObisCode o : SETTINGS) {
            values.add(c.get(new CosemAttributeDescriptor(1, o, 2)));
        }
        return values;
    }

    /** The full read-and-upgrade story on one association. */
    private static void readTransferVerifyActivate(DlmsClient c, byte[] image) throws Exception {
        MeterObjects m = new MeterObjects(c);
        assertThat(m.deviceId()).isNotBlank();
        assertThat(m.activeFirmwareIdentifier()).isEqualTo("1.0.0");
        assertThat(m.clock()).isNotNull();
        long energyBefore = m.energyImport().value().longValue();
        List<DataValue> settingsBefore = settings(c);

        ImageTransferClient it = new ImageTransferClient(c);
        long blocks = it.transferImage("FUMS-EM-1-2.0.0".getBytes(StandardCharsets.US_ASCII), image, false);
        assertThat(blocks).isEqualTo((IMAGE_SIZE + it.blockSize() - 1) / it.blockSize());
        assertThat(it.firstNotTransferredBlock()).as("complete receipt (SM-3)").isEqualTo(blocks);
        it.verify();
        Conditions.await("integrity (SM-4)").until(it::status, s -> s == ImageTransferStatus.VERIFICATION_SUCCESSFUL);
        assertThat(m.energyImport().value().longValue()).as("energy advanced during the transfer (SM-8)")
                .isGreaterThan(energyBefore);
        it.activate();
        Conditions.await("activation").until(it::status, s -> s == ImageTransferStatus.ACTIVATION_SUCCESSFUL);
        assertThat(m.activeFirmwareIdentifier()).isEqualTo("2.0.0");
        assertThat(settings(c)).as("configuration and network settings kept (SM-7, NET-1)").isEqualTo(settingsBefore);
        assertThat(m.energyImport().value().longValue()).as("energy kept (MET-1)").isGreaterThan(energyBefore);
    }

    @Test
    void overTheTcpWrapper() throws Exception {
        int port = FreePorts.base(1);
        PopulationConfig config = PopulationConfig.load(population("""
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"verifyMillis": 200, "activateMillis": 100, "selfCheckMillis": 100, "powerW": 36000000},
                 "groups": [{"id": "t", "count": 1, "tcpPortBase": %d}]}
                """.formatted(port)), MeterStore.newGson());
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), IMAGE_SIZE, 11, vendor.getPrivate());
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", port, Duration.ofSeconds(2)), 0x10, 1,
                    defaultSecurity(emu, "t-00001"));
            try {
                readTransferVerifyActivate(c, image);
            } finally {
                c.close();
            }
        }
    }

    @Test
    void overHdlcOnASocatPtyThroughJSerialComm() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
        Path bus = dir.resolve("rs485");
        PopulationConfig config = PopulationConfig.load(population("""
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "rs485", "pty": "%s"}],
                 "defaults": {"verifyMillis": 200, "activateMillis": 100, "selfCheckMillis": 100, "powerW": 36000000},
                 "groups": [{"id": "s", "count": 1, "medium": "rs485", "hdlcAddressBase": 17}]}
                """.formatted(bus)), MeterStore.newGson());
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), IMAGE_SIZE, 12, vendor.getPrivate());
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            PtyEndpoint pty = emu.ptys().get(0);
            assertThat(pty.awaitPty(5000)).isTrue();
            SerialLink link = SerialLink.open(SerialSettings.of(bus.toString()));
            DlmsClient c = DlmsClient.overHdlc(link, HdlcSettings.client(0x10, 1, 17).withMaxInfo(1024, 1024).withWindow(1, 1),
                    defaultSecurity(emu, "s-00001"));
            try {
                readTransferVerifyActivate(c, image);
            } finally {
                c.close();
            }
        }
    }

    /** The client side of the meter's default security: HLS-GMAC with suite 0 ciphering (SEC-5). */
    private static AssociationSettings defaultSecurity(MeterEmulator emu, String meterId) {
        MeterSecurity s = emu.population().plan(meterId).security();
        return s.clientSettings(HexFormat.of().parseHex(InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE));
    }
}
