package io.fums.interop.gurux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gurux.dlms.enums.InterfaceType;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.cosem.ImageToActivateInfo;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.interop.gurux.meter.GuruxMeter;
import io.fums.interop.gurux.meter.GuruxMeterConfig;
import io.fums.interop.gurux.meter.GuruxMeterImage;
import io.fums.interop.gurux.meter.GuruxMeterPty;
import io.fums.interop.gurux.meter.GuruxMeterServer;
import io.fums.interop.gurux.meter.ProjectClient;
import io.fums.link.serial.SerialLink;
import io.fums.link.serial.SerialSettings;
import io.fums.testsupport.Conditions;
import io.fums.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's DLMS client - {@code io.fums.dlms}'s {@link DlmsClient} and
 * {@link ImageTransferClient}, the code the DCU's meter upgrade runs - against
 * a meter built on Gurux's server classes ({@link GuruxMeter}), over the TCP
 * wrapper and over HDLC (on a TCP byte stream, with a 128-octet information
 * field: every block goes in segments) with HLS-GMAC and security suite 0 (issue 15): association, the
 * standard reads, a full image transfer with block sizes other than 512,
 * verification, and activation at once or by the activation schedule
 * (class 22), then release.
 */
@Tag("SM-1")
@Tag("SM-3")
@Tag("SM-4")
@Tag("SM-9")
@Tag("SEC-2")
@Tag("CARD-4")
class ProjectClientGuruxMeterTest {

    private static final int IMAGE_SIZE = 10_007;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "{2}, block size {0}, activation schedule {1}")
    @CsvSource({"128, false, WRAPPER", "200, true, WRAPPER", "1024, false, WRAPPER", "128, true, WRAPPER",
        "200, false, WRAPPER", "1024, true, WRAPPER", "128, true, HDLC", "1024, false, HDLC"})
    void theProjectsClientUpgradesAGuruxMeter(int blockSize, boolean schedule, InterfaceType framing)
            throws Exception {
        MutableClock meterTime = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        GuruxMeterConfig config = config(blockSize, schedule);
        GuruxMeter meter = new GuruxMeter(config, meterTime, framing);
        try (GuruxMeterServer server = GuruxMeterServer.start(meter, 0)) {
            upgrade(ProjectClient.connect(server, config), meter, meterTime, blockSize, schedule);
        }
    }

    /** HDLC over a socat pty pair: the client through jSerialComm (io.fums.link.serial), as on a DCU. */
    @Test
    @Tag("NET-1")
    void theProjectsClientUpgradesAGuruxMeterOverHdlcOnASocatPty(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
        Path meterEnd = dir.resolve("meter");
        Path dcuEnd = dir.resolve("dcu");
        Process socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + meterEnd,
                "pty,raw,echo=0,link=" + dcuEnd).redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        try {
            Conditions.await("socat's ptys").until(() -> Files.exists(meterEnd) && Files.exists(dcuEnd));
            MutableClock meterTime = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
            GuruxMeterConfig config = config(200, true);
            GuruxMeter meter = new GuruxMeter(config, meterTime, InterfaceType.HDLC);
            GuruxMeterPty pty = GuruxMeterPty.start(meter, meterEnd);
            try {
                DlmsClient c = DlmsClient.overHdlc(SerialLink.open(SerialSettings.of(dcuEnd.toString())),
                        ProjectClient.HDLC, ProjectClient.settings(config));
                upgrade(c, meter, meterTime, 200, true);
                assertThat(pty.requests()).as("HDLC frames through the pty").isGreaterThan(100);
            } finally {
                socat.destroy();
                socat.waitFor();
                pty.close();
            }
        } finally {
            socat.destroyForcibly();
        }
    }

    private static GuruxMeterConfig config(int blockSize, boolean schedule) {
        return GuruxMeterConfig.hlsGmac("GRX-1", "GRX00001".getBytes(StandardCharsets.US_ASCII), random(16),
                random(16), blockSize, schedule);
    }

    /** Reads, transfers, verifies and activates (at once or by class 22), checks, and closes {@code c}. */
    private static void upgrade(DlmsClient c, GuruxMeter meter, MutableClock meterTime, int blockSize,
            boolean schedule) throws Exception {
        byte[] image = GuruxMeterImage.build("2.0.0", IMAGE_SIZE, blockSize);
        byte[] identifier = "GRX-2.0.0".getBytes(StandardCharsets.US_ASCII);
        long blocks = (IMAGE_SIZE + blockSize - 1) / blockSize;
        try {
            if (meter.getInterfaceType() == InterfaceType.HDLC) {
                // SNRM/UA: Gurux takes the client's proposal; 128 octets hold no block's request: all go in
                // segments (window 1: Gurux's server wants the poll bit on every I-frame, docs/dlms.md)
                assertThat(meter.hdlcParameters()).isEqualTo("info 128/128, window 1/1");
            }
            MeterObjects m = new MeterObjects(c);
            assertThat(m.deviceId()).isEqualTo("GRX-1");
            assertThat(m.activeFirmwareIdentifier()).isEqualTo("1.0.0");
            assertThat(m.clock().toOffsetDateTime().toInstant()).as("Gurux's clock encoding")
                    .isEqualTo(meterTime.instant());

            ImageTransferClient it = new ImageTransferClient(c);
            assertThat(it.blockSize()).isEqualTo(blockSize);
            assertThat(it.status()).isEqualTo(ImageTransferStatus.TRANSFER_NOT_INITIATED);
            assertThat(it.transferImage(identifier, image, false)).isEqualTo(blocks);
            assertThat(it.firstNotTransferredBlock()).isEqualTo(blocks);
            assertThat(it.transferredBlocks().bitLength()).as("Gurux's bit-string of the bitmap")
                    .isEqualTo((int) blocks);
            assertThat(it.verify()).as("this meter verifies at once").isTrue();
            assertThat(it.status()).isEqualTo(ImageTransferStatus.VERIFICATION_SUCCESSFUL);
            List<ImageToActivateInfo> info = it.imageToActivateInfo();
            assertThat(info).hasSize(1);
            assertThat(info.get(0).size()).isEqualTo(IMAGE_SIZE);
            assertThat(info.get(0).identification()).isEqualTo(identifier);
            assertThat(info.get(0).signature()).hasSize(32);

            if (schedule) {
                Instant at = meterTime.instant().plusSeconds(60);
                it.scheduleActivation(CosemDateTime.of(at.atOffset(ZoneOffset.UTC), 0));
                assertThat(it.status()).as("not before its time").isEqualTo(ImageTransferStatus.VERIFICATION_SUCCESSFUL);
                meterTime.advance(Duration.ofSeconds(60));
                Conditions.await("scheduled activation").until(it::status,
                        s -> s == ImageTransferStatus.ACTIVATION_SUCCESSFUL);
            } else {
                assertThat(it.activate()).isTrue();
                assertThat(it.status()).isEqualTo(ImageTransferStatus.ACTIVATION_SUCCESSFUL);
            }
            assertThat(m.activeFirmwareIdentifier()).isEqualTo("2.0.0");
        } finally {
            c.close();
        }
        Conditions.await("released").until(() -> !meter.associated());
        assertThat(meter.firmware()).isEqualTo("2.0.0");
        assertThat(meter.events()).startsWith("initiate " + IMAGE_SIZE).contains("verify ok 2.0.0")
                .endsWith(schedule ? "activate 2.0.0 (scheduled)" : "activate 2.0.0")
                .noneMatch(e -> e.contains("refused"));
    }
}
