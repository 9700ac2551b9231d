package io.fums.bench;

import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.ActionResponse;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.link.TcpLink;
import io.fums.dlms.wrapper.WrapperHeader;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.emulator.meter.store.MeterStore;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Benchmark (issues [3/8], [2.2]): image transfer goodput over an emulated
 * serial link, against the link's raw byte rate measured as the reference
 * (8N1: baud / 10 bytes per second, half duplex as RS-485). The DCU's DLMS
 * client reads the meter's image_block_size and negotiates the PDU size in
 * the association; nothing is tuned for the benchmark. Two meters in the same
 * run, one after the other on links of the same rate: one on the default
 * security, HLS-GMAC with security suite 0 ciphering (every APDU AES-GCM
 * protected: security header and tag), and one written {@code none}
 * explicitly, as the clear reference. Prints both goodputs, their difference
 * in percentage points of the raw rate, and the difference the extra octets
 * on the line predict. Targets: clear at least 85 % of the raw rate for a
 * 256 KiB image; ciphered within 3 points of clear. Then loads N emulated
 * meters (TCP ports bound) and prints the heap they take (target: under
 * 256 MB for 1,000; N = 0 skips it).
 *
 * <p>The meters offer image_block_size 512 (the emulator's default) unless a
 * block size is given: the ciphering overhead per block is fixed (about 40
 * octets on the line, request and response), so its share falls as blocks
 * grow; the bench prints the prediction from the octets beside the result.
 * A block larger than the meter's max PDU size travels in several ACTION
 * segments, each acknowledged (more round trips than the octets count).
 *
 * <p>Usage: {@code ImageTransferBench [image KiB, default 256] [baud, default 9600] [meters, default 1000]
 * [block size, default 512] [the meters' max PDU size, default 1024]}
 */
public final class ImageTransferBench {

    private ImageTransferBench() {
    }

    /** One transfer's figures. */
    private record Run(String security, long blockSize, long blocks, int serverPdu, double seconds, double goodput) {
    }

    public static void main(String[] args) throws Exception {
        int kib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        long baud = args.length > 1 ? Long.parseLong(args[1]) : 9600;
        int meters = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int blockSize = args.length > 3 ? Integer.parseInt(args[3]) : 512;
        int maxPdu = args.length > 4 ? Integer.parseInt(args[4]) : 1024;
        Path dir = Files.createTempDirectory("fums-transfer-bench");
        KeyPair vendor = VendorKeys.generate();
        VendorKeys.write(vendor.getPublic(), dir.resolve("vendor.pub.pem"));
        int clearPort = freePort();
        int cipheredPort = freePort();
        // the clear reference says none explicitly; the ciphered meter is on the emulator's default security
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "defaults": {"blockSize": %d, "maxPduSize": %d},
                 "groups": [{"id": "clear", "count": 1, "tcpPortBase": %d, "link": {"baud": %d},
                             "security": {"authentication": "none"}},
                            {"id": "ciphered", "count": 1, "tcpPortBase": %d, "link": {"baud": %d}}]}
                """.formatted(blockSize, maxPdu, clearPort, baud, cipheredPort, baud));
        PopulationConfig config = PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), kib * 1024, 1, vendor.getPrivate());
        double raw = baud / 10.0;
        Run clear;
        Run ciphered;
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofMinutes(10)))) {
            clear = transfer(clearPort, AssociationSettings.none(), "none", image);
            ciphered = transfer(cipheredPort, emu.population().plan("ciphered-00001").security()
                    .clientSettings(HexFormat.of().parseHex(InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE)),
                    "high-gmac+suite0", image);
        }
        double floor = image.length / raw;
        System.out.printf("Image transfer over an emulated %d baud 8N1 half-duplex link (TCP wrapper), %d KiB image%n",
                baud, kib);
        System.out.printf("%-44s %12s %12s%n", "figure", "value", "target");
        System.out.printf("%-44s %12.1f %12s%n", "link raw byte rate (B/s, reference)", raw, "");
        System.out.printf("%-44s %12.1f %12s%n", "link floor for the image (s)", floor, "");
        for (Run r : List.of(clear, ciphered)) {
            System.out.printf("%s: image_block_size %d bytes, %d blocks, server max PDU %d bytes%n", r.security(),
                    r.blockSize(), r.blocks(), r.serverPdu());
            System.out.printf("%-44s %12.1f %12s%n", "  transfer time (s)", r.seconds(), "");
            System.out.printf("%-44s %12.1f %12s%n", "  goodput (B/s)", r.goodput(), "");
            System.out.printf("%-44s %11.1f%% %12s%n", "  goodput / raw byte rate", 100 * r.goodput() / raw,
                    r == clear ? ">= 85%" : "");
        }
        double clearPct = 100 * clear.goodput() / raw;
        double cipheredPct = 100 * ciphered.goodput() / raw;
        double points = clearPct - cipheredPct;
        int block = (int) ciphered.blockSize();
        int[] clearOctets = blockExchange(block, false);
        int[] cipheredOctets = blockExchange(block, true);
        int perBlockClear = clearOctets[0] + clearOctets[1];
        int perBlockCiphered = cipheredOctets[0] + cipheredOctets[1];
        double expected = clearPct * (1 - (double) perBlockClear / perBlockCiphered);
        System.out.printf("%-44s %11.1f %12s%n", "ciphered - clear (percentage points)", -points, ">= -3.0");
        System.out.printf("line octets per %d-octet block, request + response (TCP wrapper): clear %d + %d = %d,"
                + " ciphered %d + %d = %d (+%d: security header 5 + GCM tag 12 + tag and length, each way)%n",
                block, clearOctets[0], clearOctets[1], perBlockClear, cipheredOctets[0], cipheredOctets[1],
                perBlockCiphered, perBlockCiphered - perBlockClear);
        System.out.printf("%-44s %11.1f %12s%n", "expected from the octets (percentage points)", -expected, "");
        Figures.print("meter-transfer.goodput", clear.goodput(), "B/s", ">= 85% of the raw byte rate",
                "security none; link raw byte rate (baud/10) %.0f B/s; %.1f %%".formatted(raw, clearPct), raw,
                clear.goodput() >= 0.85 * raw);
        Figures.print("meter-transfer.goodput-ciphered", ciphered.goodput(), "B/s",
                "within 3 percentage points of clear", "HLS-GMAC + suite 0; %.1f %% of the raw rate, %.1f points below"
                        .formatted(cipheredPct, points) + " clear; %.1f expected from the octets".formatted(expected),
                clear.goodput(), points <= 3.0);
        Figures.info("meter-transfer.time", clear.seconds(), "s", "link floor %.1f s; %.3fx".formatted(floor,
                clear.seconds() / floor), floor);
        if (meters > 0) {
            heap(dir, meters);
        }
    }

    private static Run transfer(int port, AssociationSettings settings, String security, byte[] image)
            throws Exception {
        DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", port, Duration.ofSeconds(5)), 0x10, 1,
                settings.withResponseTimeout(Duration.ofSeconds(30)));
        try {
            ImageTransferClient it = new ImageTransferClient(c);
            long block = it.blockSize();
            long t0 = System.nanoTime();
            long blocks = it.transferImage("FUMS-EM-1-2.0.0".getBytes(StandardCharsets.US_ASCII), image, false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Run(security, block, blocks, c.serverMaxReceivePduSize(), seconds, image.length / seconds);
        } finally {
            c.close();
        }
    }

    /** The octets on the line of one image_block_transfer exchange: {request, response}, wrapper headers included. */
    private static int[] blockExchange(int block, boolean ciphered) {
        InvokeIdAndPriority iip = InvokeIdAndPriority.of(1);
        int request = new ActionRequest.Normal(iip, ImageTransfer.IMAGE_BLOCK_TRANSFER,
                new ImageTransfer.BlockParameters(0, new byte[block]).toDataValue()).encode().length;
        int response = new ActionResponse.Normal(iip, ActionResult.SUCCESS, null).encode().length;
        return new int[] {WrapperHeader.SIZE + (ciphered ? glo(request) : request),
            WrapperHeader.SIZE + (ciphered ? glo(response) : response)};
    }

    /** A glo-ciphered APDU's size: tag, length, security control, invocation counter, data, 12-octet tag. */
    private static int glo(int plain) {
        int body = 1 + 4 + plain + 12;
        return 1 + (body < 0x80 ? 1 : body <= 0xFF ? 2 : 3) + body;
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
