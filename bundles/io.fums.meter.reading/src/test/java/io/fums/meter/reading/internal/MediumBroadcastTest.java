package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.meter.access.MediumBroadcaster;
import io.fums.meter.access.MeterMedium;
import io.fums.testsupport.Conditions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code MeterInventory.medium} and {@code broadcaster} (since 1.5) on a
 * shared, throttled emulated medium: the medium lists its meters and those
 * in clear; an image broadcast through the broadcaster, paced at the line
 * rate, reaches every clear meter with an open association, while the
 * periodic reads of every meter on the medium keep their period (SM-8).
 */
@Tag("SM-8")
@Tag("ARC-3")
class MediumBroadcastTest {

    private static final KeyPair vendor = VendorKeys.generate();
    private static final int BLOCK = 96;
    private static final int BLOCKS = 96;
    @TempDir
    Path dir;

    @BeforeAll
    static void socat() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
    }

    @Test
    void aBroadcastReachesEveryClearMeterWhileEveryMeterOnTheMediumIsReadInItsPeriod() throws Exception {
        Path bus = dir.resolve("bus");
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), BLOCK * BLOCKS, 7, vendor.getPrivate());
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "bus", "pty": "%s", "link": {"baud": 38400}}], "defaults": {"blockSize": %d},
                 "groups": [{"id": "b", "count": 3, "medium": "bus", "hdlcAddressBase": 17,
                             "security": {"authentication": "none"}},
                            {"id": "c", "count": 1, "medium": "bus", "hdlcAddressBase": 40},
                            {"id": "t", "count": 1, "tcpPortBase": %d}]}
                """.formatted(bus, BLOCK, io.fums.testsupport.FreePorts.base(4)));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"));
             MeterReadingService s = dcu.service(emu.inventory(), 2, 5, Map.of("bus", Fixtures.serial("bus", bus)))) {
            List<String> clear = List.of("b-00001", "b-00002", "b-00003");
            assertThat(s.medium("b-00002")).contains(new MeterMedium("bus", List.of("b-00001", "b-00002", "b-00003",
                    "c-00001"), Set.copyOf(clear)));
            assertThat(s.medium("t-00001")).as("a meter on TCP").isEmpty();
            assertThat(s.medium("nope")).isEmpty();
            s.lineRate("bus", 38400 / 10);
            s.start();
            List<String> all = List.of("b-00001", "b-00002", "b-00003", "c-00001");
            Conditions.await("a first read of every meter").until(() -> all.stream().allMatch(m -> stats(s, m) >= 1));
            List<DlmsClient> open = new ArrayList<>();
            try {
                for (String m : clear) {
                    DlmsClient c = s.open(m);
                    open.add(c);
                    ImageTransferClient it = new ImageTransferClient(c);
                    it.enable(true);
                    it.initiate("2.0.0".getBytes(StandardCharsets.US_ASCII), image.length);
                }
                // the associations are open (their opening is TransferInterleavingTest's): from here, the broadcast
                Map<String, Long> missedBefore = new HashMap<>();
                all.forEach(m -> missedBefore.put(m, read(s, m).missed()));
                MediumBroadcaster out = s.broadcaster("b-00001");
                assertThat(out.linkId()).isEqualTo("bus");
                long t0 = System.nanoTime();
                for (int n = 0; n < BLOCKS; n++) {
                    out.send(new ActionRequest.Normal(InvokeIdAndPriority.unconfirmed(n & 0x0F),
                            ImageTransfer.IMAGE_BLOCK_TRANSFER, new ImageTransfer.BlockParameters(n,
                            Arrays.copyOfRange(image, n * BLOCK, (n + 1) * BLOCK)).toDataValue()).encode());
                }
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(out.framesSent()).isEqualTo(BLOCKS);
                // paced: about 120 octets a frame at 3840 octets/s
                assertThat(took).isGreaterThan(Duration.ofMillis(BLOCKS * 120 * 1000L / 3840 * 8 / 10));
                for (DlmsClient c : open) {
                    assertThat(new ImageTransferClient(c).firstNotTransferredBlock()).as(c.name()).isEqualTo(BLOCKS);
                }
                Map<String, Long> doneAfter = new HashMap<>();
                all.forEach(m -> doneAfter.put(m, stats(s, m)));
                Conditions.await("a read of every meter after the broadcast")
                        .until(() -> all.stream().allMatch(m -> stats(s, m) > doneAfter.get(m)));
                for (String m : all) {
                    assertThat(read(s, m).missed()).as(m + ": no read missed").isEqualTo(missedBefore.get(m));
                }
                System.out.printf("medium broadcast: %d blocks of %d octets at 38400 baud in %d ms, no read missed%n",
                        BLOCKS, BLOCK, took.toMillis());
            } finally {
                open.forEach(DlmsClient::close);
            }
            assertThat(emu.emulator().population().meter("c-00001").status().blocksReceived())
                    .as("a ciphered meter ignores a broadcast in clear, and it has no transfer").isZero();
        }
    }

    private static long stats(MeterReadingService s, String meter) {
        return read(s, meter).done();
    }

    private static io.fums.meter.reading.ReadStats read(MeterReadingService s, String meter) {
        try {
            return s.stats(meter);
        } catch (io.fums.api.error.FumsException e) {
            throw new IllegalStateException(e);
        }
    }
}
