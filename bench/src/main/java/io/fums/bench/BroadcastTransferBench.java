package io.fums.bench;

import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.BroadcastImageTransfer;
import io.fums.dlms.client.BroadcastResult;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.PipeLink;
import io.fums.dlms.security.BroadcastChannel;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.transport.HdlcBroadcaster;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.meter.MeterEmulator;
import io.fums.emulator.meter.config.PopulationConfig;
import io.fums.emulator.meter.image.ImageHeader;
import io.fums.emulator.meter.image.ImageSigner;
import io.fums.emulator.meter.image.VendorKeys;
import io.fums.emulator.meter.config.MeterSecurity;
import io.fums.emulator.meter.net.DlmsSessionRunner;
import io.fums.emulator.meter.runtime.InventoryWriter;
import io.fums.emulator.meter.store.MeterStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Benchmark (issue [5/8]): broadcast image transfer to many meters on ONE
 * shared emulated serial medium (a socat pty, HDLC, half duplex, 8N1) that
 * loses frames for each meter on its own. Prints the total time against
 * (a) the image's time on the line, {@code size * 10 / baud} (the floor; the
 * broadcast pass's own octets, HDLC + LLC + APDU headers included, are
 * printed beside it) - target at most 1.5x - and (b) the projected
 * one-by-one time: one meter's point-to-point transfer on the same medium,
 * measured here, times the number of meters.
 *
 * <p>Usage: {@code BroadcastTransferBench [--kib 256] [--meters 200] [--baud 9600] [--loss 0.02]
 * [--rebroadcast 0] [--no-single] [--ciphered]}; {@code --rebroadcast K} broadcasts again the blocks that K or
 * more meters lack before the point-to-point repair; {@code --ciphered} runs the meters with their default
 * security (HLS-GMAC, suite 0 ciphering) and broadcasts ciphered with the medium's broadcast key.
 */
public final class BroadcastTransferBench {

    private static final byte[] TITLE = HexFormat.of().parseHex(InventoryWriter.DEFAULT_CLIENT_SYSTEM_TITLE);

    private BroadcastTransferBench() {
    }

    public static void main(String[] args) throws Exception {
        int kib = 256;
        int meters = 200;
        long baud = 9600;
        double loss = 0.02;
        int rebroadcast = 0;
        boolean single = true;
        boolean ciphered = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kib" -> kib = Integer.parseInt(args[++i]);
                case "--meters" -> meters = Integer.parseInt(args[++i]);
                case "--baud" -> baud = Long.parseLong(args[++i]);
                case "--loss" -> loss = Double.parseDouble(args[++i]);
                case "--rebroadcast" -> rebroadcast = Integer.parseInt(args[++i]);
                case "--no-single" -> single = false;
                case "--ciphered" -> ciphered = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("fums-broadcast-bench");
        KeyPair vendor = VendorKeys.generate();
        VendorKeys.write(vendor.getPublic(), dir.resolve("vendor.pub.pem"));
        Path bus = dir.resolve("bus");
        // physical addresses 256.. : four-byte HDLC addresses, clear of the reserved 0x7E/0x7F two-byte ones.
        // Security none unless --ciphered: then the default (HLS-GMAC, suite 0) and the medium's broadcast key
        Files.writeString(dir.resolve("population.json"), """
                {"stateDir": "state", "vendorKeys": ["vendor.pub.pem"],
                 "media": [{"id": "bus", "pty": "%s", "link": {"baud": %d, "frameLossRate": %s}}],
                 "defaults": {"verifyMillis": 100%s},
                 "groups": [{"id": "m", "count": %d, "medium": "bus", "hdlcAddressBase": 256}]}
                """.formatted(bus, baud, loss, ciphered ? "" : ", \"security\": {\"authentication\": \"none\"}",
                meters));
        PopulationConfig config = PopulationConfig.load(dir.resolve("population.json"), MeterStore.newGson());
        byte[] image = ImageSigner.build(new ImageHeader("2.0.0", "FUMS-EM-1", 0), kib * 1024, 1, vendor.getPrivate());
        byte[] id = "FUMS-EM-1-2.0.0".getBytes(StandardCharsets.US_ASCII);
        double floor = image.length * 10.0 / baud;
        try (MeterEmulator emu = MeterEmulator.start(config, new DlmsSessionRunner(Duration.ofMinutes(30)));
                Pty link = new Pty(bus, emu)) {
            System.out.printf("%d meters on %s, %d KiB image, %d baud, %.1f %% loss%s%n", meters, bus, kib, baud,
                    100 * loss, ciphered ? ", HLS-GMAC suite 0, ciphered broadcast" : ", security none");
            List<AssociationSettings> security = new ArrayList<>();
            for (int i = 0; i < meters; i++) { // one per meter, all its associations: its counters
                security.add(ciphered ? emu.population().plan("m-%05d".formatted(i + 1)).security()
                        .clientSettings(TITLE).withCounters(new InvocationCounters()) : AssociationSettings.none());
            }
            double singleSeconds = Double.NaN;
            if (single) {
                DlmsClient c = DlmsClient.overHdlc(link.view(), hdlc(meters - 1), security.get(meters - 1));
                long t0 = System.nanoTime();
                new ImageTransferClient(c).transferImage(id, image, false);
                singleSeconds = (System.nanoTime() - t0) / 1e9;
                c.close();
                System.out.printf("one meter point-to-point: %.1f s%n", singleSeconds);
            }
            System.out.println("broadcast transfer started");
            List<BroadcastImageTransfer.Target> targets = new ArrayList<>();
            for (int i = 0; i < meters; i++) {
                HdlcSettings s = hdlc(i);
                AssociationSettings a = security.get(i);
                targets.add(new BroadcastImageTransfer.Target("m-%05d".formatted(i + 1),
                        () -> DlmsClient.overHdlc(link.view(), s, a), ciphered));
            }
            HdlcBroadcaster broadcaster = new HdlcBroadcaster(link.view(), HdlcAddress.allPhysicalDevices(1, 4), 0x10,
                    HdlcSettings.MAX_INFO, baud / 10);
            BroadcastImageTransfer transfer = new BroadcastImageTransfer(broadcaster).withRebroadcast(rebroadcast);
            if (ciphered) {
                MeterSecurity m = emu.population().plan("m-00001").security();
                transfer = transfer.withCipher(new BroadcastChannel(TITLE, m.broadcastKey(),
                        m.broadcastAuthenticationKey(), new InvocationCounters(), 0));
            }
            BroadcastResult r = transfer.transfer(id, image, targets);
            int verified = verifySome(link, Math.min(3, meters), security);
            print(kib, meters, baud, loss, rebroadcast, floor, broadcaster, r, singleSeconds, verified);
        }
    }

    /** Client settings for meter {@code i}: 1.2 s for the next octet (a 560-octet block frame takes 0.6 s at 9600). */
    private static HdlcSettings hdlc(int i) {
        return HdlcSettings.client(0x10, 1, 256 + i).withRetries(Duration.ofMillis(1200), 5);
    }

    private static int verifySome(Pty link, int n, List<AssociationSettings> security) throws Exception {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            DlmsClient c = DlmsClient.overHdlc(link.view(), hdlc(i), security.get(i));
            ImageTransferClient it = new ImageTransferClient(c);
            long end = System.currentTimeMillis() + 10_000;
            while (!it.verify() && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            ok += it.status() == ImageTransferStatus.VERIFICATION_SUCCESSFUL ? 1 : 0;
            c.close();
        }
        return ok;
    }

    private static void print(int kib, int meters, long baud, double loss, int rebroadcast, double floor,
            HdlcBroadcaster b, BroadcastResult r, double single, int verified) {
        double total = r.totalTime().toNanos() / 1e9;
        System.out.printf("Broadcast image transfer: %d KiB image, %d meters on one emulated %d baud 8N1 half-duplex"
                + " medium, %.1f %% frame loss per meter, re-broadcast %s%n", kib, meters, baud, 100 * loss,
                rebroadcast == 0 ? "off" : "of blocks lacking on >= " + rebroadcast + " meters");
        System.out.printf("  image_block_size %d, %d blocks; UI frames to all physical devices (0x3FFF), %d octets"
                + " broadcast in %d frames%n", r.blockSize(), r.blocks(), b.octetsSent(), b.framesSent());
        System.out.printf("%-52s %12s %12s%n", "figure", "value", "target");
        row("image on the line, size*10/baud (s, floor)", floor, "");
        row("broadcast pass on the line, octets*10/baud (s)", (double) r.broadcastSends() / Math.max(1,
                r.broadcastSends() + r.rebroadcastSends()) * b.octetsSent() * 10.0 / baud, "");
        row("prepare: associate, enable, initiate (s)", r.prepareTime().toMillis() / 1e3, "");
        row("broadcast pass (s)", r.broadcastTime().toMillis() / 1e3, "");
        row("bitmaps + re-broadcast (s)", r.rebroadcastTime().toMillis() / 1e3, "");
        row("repair point-to-point, release (s)", r.repairTime().toMillis() / 1e3, "");
        row("total (s)", total, "");
        row("total / floor", total / floor, "<= 1.5");
        System.out.printf("%-52s %12d %12s%n", "blocks lacking after the broadcast pass(es), all", r.missingAfterBroadcast(),
                "");
        System.out.printf("%-52s %12.2f %12s%n", "  per meter per block (%)", 100.0 * r.missingAfterBroadcast()
                / Math.max(1, r.blocks() * meters), "");
        System.out.printf("%-52s %12d %12s%n", "blocks re-broadcast", r.rebroadcastSends(), "");
        System.out.printf("%-52s %12d %12s%n", "blocks repaired point-to-point", r.repairedBlocks(), "");
        System.out.printf("%-52s %12d %12s%n", "associations re-opened (meter inactivity timeout)",
                r.meters().stream().mapToInt(BroadcastResult.MeterResult::reconnects).sum(), "");
        System.out.printf("%-52s %8d/%-3d %12s%n", "meters complete", r.completeMeters(), meters, "all");
        System.out.printf("%-52s %8d/%-3d %12s%n", "sample meters verifying the signed image", verified,
                Math.min(3, meters), "all");
        if (!Double.isNaN(single)) {
            row("one meter point-to-point, same medium (s)", single, "");
            row("projected one by one, x" + meters + " (s)", single * meters, "");
            row("speed-up over one by one", single * meters / total, "");
        }
        String ref = "image on the line %.1f s; total %.1f s".formatted(floor, total);
        Figures.print("meter-broadcast.total", total / floor, "x floor", "<= 1.5x floor", ref, floor,
                total / floor <= 1.5);
        Figures.print("meter-broadcast.complete", r.completeMeters(), "meters", "all " + meters, "-", null,
                r.completeMeters() == meters);
        Figures.info("meter-broadcast.repaired", r.repairedBlocks(), "blocks",
                "loss x meters x blocks = %.0f".formatted(loss * meters * r.blocks()), loss * meters * r.blocks());
        if (!Double.isNaN(single)) {
            Figures.info("meter-broadcast.speed-up", single * meters / total, "x",
                    "one-by-one transfer, projected %.1f s".formatted(single * meters), single * meters);
        }
    }

    private static void row(String name, double value, String target) {
        System.out.printf("%-52s %12.2f %12s%n", name, value, target);
    }

    /** The DCU's end of the pty, opened as a file (what jSerialComm does with a pty path). */
    private static final class Pty implements AutoCloseable {
        private final RandomAccessFile file;
        private final PipeLink[] pipe = PipeLink.pair("pty", 1 << 20, 10_000);

        Pty(Path path, MeterEmulator emu) throws Exception {
            if (!emu.ptys().get(0).awaitPty(10_000)) {
                throw new IOException("no pty at " + path + " (is socat installed?)");
            }
            file = new RandomAccessFile(path.toFile(), "rw");
            Thread reader = new Thread(() -> {
                byte[] b = new byte[4096];
                try {
                    int n;
                    while ((n = file.read(b)) > 0) {
                        pipe[0].write(b, 0, n);
                    }
                } catch (Exception e) {
                    // closed
                }
                pipe[0].close();
            }, "pty reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The link; closing it leaves the pty open for the next meter. */
        Link view() {
            return new Link() {
                @Override public String name() { return "pty"; }

                @Override public int read(byte[] b, int off, int len, long t) throws io.fums.dlms.DlmsException {
                    return pipe[1].read(b, off, len, t);
                }

                @Override public void write(byte[] b, int off, int len) throws io.fums.dlms.DlmsException {
                    try {
                        file.write(b, off, len);
                    } catch (IOException e) {
                        throw io.fums.dlms.DlmsException.unreachable("pty", "write failed", e);
                    }
                }

                @Override public boolean isOpen() { return pipe[1].isOpen(); }

                @Override public void close() { }
            };
        }

        @Override
        public void close() throws IOException {
            pipe[1].close();
            file.close();
        }
    }
}
