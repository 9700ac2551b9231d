package io.fums.bench;

import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.link.TcpLink;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.store.MeterStore;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;

/**
 * Benchmark (issue [3/8]): image transfer goodput over an emulated serial
 * link, against the link's raw byte rate measured as the reference (8N1:
 * baud / 10 bytes per second, half duplex as RS-485). The DCU's DLMS client
 * reads the meter's image_block_size and negotiates the PDU size in the
 * association; nothing is tuned for the benchmark. Target: at least 85 % of
 * the raw rate for a 256 KiB image. Then loads 1,000 emulated meters (TCP
 * ports bound) and prints the heap they take (target: under 256 MB).
 *
 * <p>Usage: {@code ImageTransferBench [image KiB, default 256] [baud, default 9600] [meters, default 1000]}
 */
public final class ImageTransferBench {

    private ImageTransferBench() {
    }

    public static void main(String[] args) throws Exception {
        int kib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        long baud = args.length > 1 ? Long.parseLong(args[1]) : 9600;
        int meters = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path dir = Files.createTempDirectory("fums-transfer-bench");
        KeyPair vendor = VendorKeys.generate();
        VendorKeys.write(vendor.getPublic(), dir.resolve("vendor.pub.pem"));
        int port = freePort();
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "groups": [{"id": "bench", "count": 1, "tcpPortBase": %d, "link": {"baud": %d}}]}
                """.formatted(port, baud));
        PopulationConfig config = PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), kib * 1024, 1, vendor.getPrivate());
        double rawBytesPerSecond = baud / 10.0;
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofMinutes(10)))) {
            DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", port, Duration.ofSeconds(5)), 0x10, 1,
                    AssociationSettings.none().withResponseTimeout(Duration.ofSeconds(30)));
            try {
                ImageTransferClient it = new ImageTransferClient(c);
                long block = it.blockSize();
                long t0 = System.nanoTime();
                long blocks = it.transferImage("FUMS-EM-1-2.0.0".getBytes(StandardCharsets.US_ASCII), image, false);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double goodput = image.length / seconds;
                double floor = image.length / rawBytesPerSecond;
                System.out.printf("Image transfer over an emulated %d baud 8N1 half-duplex link (TCP wrapper), %d KiB image%n", baud, kib);
                System.out.printf("  negotiated: image_block_size %d bytes, %d blocks, server max PDU %d bytes%n", block, blocks,
                        c.serverMaxReceivePduSize());
                System.out.printf("%-44s %12s %12s%n", "figure", "value", "target");
                System.out.printf("%-44s %12.1f %12s%n", "link raw byte rate (B/s, reference)", rawBytesPerSecond, "");
                System.out.printf("%-44s %12.1f %12s%n", "link floor for the image (s)", floor, "");
                System.out.printf("%-44s %12.1f %12s%n", "transfer time (s)", seconds, "");
                System.out.printf("%-44s %12.1f %12s%n", "goodput (B/s)", goodput, "");
                System.out.printf("%-44s %11.1f%% %12s%n", "goodput / raw byte rate", 100 * goodput / rawBytesPerSecond, ">= 85%");
                Figures.print("meter-transfer.goodput", goodput, "B/s", ">= 85% of the raw byte rate",
                        "link raw byte rate (baud/10) %.0f B/s; %.1f %%".formatted(rawBytesPerSecond, 100 * goodput / rawBytesPerSecond),
                        rawBytesPerSecond, goodput >= 0.85 * rawBytesPerSecond);
                Figures.info("meter-transfer.time", seconds, "s", "link floor %.1f s; %.3fx".formatted(floor, seconds / floor), floor);
            } finally {
                c.close();
            }
        }
        heap(dir, meters);
    }

    private static void heap(Path dir, int meters) throws Exception {
        int base = 30_000;
        Files.writeString(dir.resolve("heap.json"), """
                {"stateDir": "heap-state", "vendorKeys": ["vendor.pub.pem"],
                 "groups": [{"id": "h", "count": %d, "tcpPortBase": %d}]}
                """.formatted(meters, base));
        PopulationConfig config = PopulationConfig.load(dir.resolve("heap.json"), MeterStore.newGson());
        long before = usedAfterGc();
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofSeconds(30)))) {
            Thread.sleep(1000);
            long after = usedAfterGc();
            System.out.printf("%-44s %12.1f %12s%n", "emulator heap with " + emu.tcpPorts() + " meters (MB)",
                    (after - before) / 1048576.0, "< 256");
            Figures.print("meter-transfer.emulator-heap", (after - before) / 1048576.0, "MB", "< 256 MB for 1,000 meters",
                    emu.tcpPorts() + " meters with TCP ports bound (target scaled to that count)", null, (after - before) / 1048576.0 * 1000 / meters < 256);
            System.out.printf("%-44s %12.1f %12s%n", "  whole bench JVM heap used after GC (MB)", after / 1048576.0, "");
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
