package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fums.dlms.DlmsException;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.testsupport.Conditions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the component ends the reads and every association at once, also in the middle of a transfer. */
class StopTest {

    private static final KeyPair vendor = VendorKeys.generate();
    @TempDir
    Path dir;

    @BeforeAll
    static void keys() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (apt-get install socat)");
    }

    @Test
    void stoppingAbortsReadsAndLentAssociationsPromptlyAndLeavesNoThread() throws Exception {
        Path bus = dir.resolve("rs485-a");
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), 64 * 1024, 1, vendor.getPrivate());
        try (Fixtures.Emulated emu = Fixtures.emulate(dir, vendor, """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "rs485-a", "pty": "%s", "link": {"baud": 9600}}],
                 "groups": [{"id": "b", "count": 2, "medium": "rs485-a", "hdlcAddressBase": 17}]}
                """.formatted(bus));
             Fixtures.Dcu dcu = new Fixtures.Dcu(dir.resolve("dcu"))) {
            // A 3 s period: at 9600 baud one round (a 512-octet block of the transfer, the lent meter's read
            // between two blocks, the other meter's association and read, on their default HLS-GMAC + suite 0,
            // two exchanges more per association than without) takes ~1 s on an idle machine, so a 1 s period
            // overran (under load, and always once ciphered) and every read counted missed. This test is about
            // stopping, not about periods (those are TransferInterleavingTest's).
            MeterReadingService s = dcu.service(emu.inventory(), 3, 5, Map.of("rs485-a", Fixtures.serial("rs485-a", bus)));
            s.start();
            DlmsClient c = s.open("b-00001");
            CompletableFuture<Long> transfer = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ImageTransferClient(c).transferImage("2.0.0".getBytes(StandardCharsets.US_ASCII),
                            image, false);
                } catch (DlmsException e) {
                    throw new IllegalStateException(e);
                }
            });
            Conditions.await("blocks go out, reads run between them", Duration.ofSeconds(30)).until(() ->
                    emu.emulator().population().meter("b-00001").status().blocksReceived() > 0
                            && s.stats("b-00001").done() >= 1 && s.stats("b-00002").done() >= 1);
            long t0 = System.nanoTime();
            s.close();
            Duration stop = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(stop).as("stop").isLessThan(Duration.ofSeconds(3));
            try {
                transfer.get(3, TimeUnit.SECONDS);
                throw new AssertionError("a 64 KiB transfer at 9600 baud cannot have completed");
            } catch (ExecutionException expected) {
                assertThat(expected.getCause()).hasRootCauseInstanceOf(DlmsException.class);
            }
            Conditions.await("no reading thread left").until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("meter read")));
            c.close();
        }
    }
}
