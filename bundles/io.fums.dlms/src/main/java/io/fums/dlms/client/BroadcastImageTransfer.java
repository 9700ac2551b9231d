package io.fums.dlms.client;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.Conformance;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.security.BroadcastChannel;
import io.fums.dlms.security.SecuritySuite0;
import io.fums.dlms.transport.HdlcBroadcaster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Image transfer (Blue Book interface class 18) to every meter on a shared
 * medium at once: each block goes out once, to all, and each meter is then
 * given point-to-point only the blocks it lost.
 *
 * <ol>
 * <li>Prepare, meter by meter, point-to-point and confirmed: open the
 * association (the target's {@link Connector}), enable image transfer if
 * needed, read image_block_size, image_transfer_initiate. This class does
 * the initiate itself: a lost broadcast initiate would silently cost a
 * meter every block. A meter that fails here gets no further request.</li>
 * <li>Broadcast every block once through the {@link HdlcBroadcaster}: an
 * unconfirmed ACTION-Request-Normal of image_block_transfer
 * (invoke-id-and-priority bit 6 = 0, e.g. {@code C3 01 81 00 12 00 00 2C 00
 * 00 FF 02 01 02 02 06 ...}), in blocks of the first prepared meter's
 * image_block_size. With a broadcast cipher ({@link #withCipher}) every
 * block goes glo-ciphered with the global broadcast key (Green Book SC
 * key-set bit, {@link BroadcastChannel}), and only the meters whose
 * associations cipher and that hold that key ({@link Target#broadcastKey()})
 * take it; without one, only the meters in clear. Meters that cannot take
 * them (another block size, the other kind of association, no broadcast
 * key, a max receive PDU below the APDU) get every block in the repair step
 * (one with another block size is initiated again first, in case it kept
 * blocks of the wrong size).</li>
 * <li>Optionally ({@link #withRebroadcast}): read every meter's
 * image_transferred_blocks_status and broadcast again the blocks that at
 * least that many meters lack. With many meters and independent losses
 * nearly every block is lost somewhere, so point-to-point repair costs
 * about loss rate x meters x the image; a second broadcast of the blocks
 * that several meters share costs at most one image.</li>
 * <li>Repair, meter by meter: read image_transferred_blocks_status, send
 * each missing block with the confirmed ACTION, read
 * image_first_not_transferred_block_number; the meter is complete when it
 * equals the block count, else the step repeats (at most
 * {@link #withMaxRepairPasses} times). Then its association is released
 * (RLRQ, DISC).</li>
 * </ol>
 *
 * <p>While it works point-to-point, the transfer sends a keep-alive through
 * the broadcaster whenever the broadcaster has been silent for the
 * keep-alive interval (30 s by default, {@link #withKeepAlive}): an empty UI
 * frame to all stations restarts every meter's HDLC inactivity timer (120 s
 * by default), so that the meters waiting for their turn keep their
 * associations, and the first meters prepared still have theirs when the
 * broadcast begins. A meter that dropped its association all the same: any
 * step that fails with METER_UNREACHABLE opens it again through the
 * connector and runs once more. Blocks stay on the meter.
 *
 * <p>Verification and activation are left to the caller. One transfer at a
 * time, from one thread; the broadcaster and the meters' clients share the
 * medium, used one after another. Not thread-safe.
 */
public final class BroadcastImageTransfer {

    /** Opens the association with one meter; called again if the meter dropped it. */
    @ConsumerType
    @FunctionalInterface
    public interface Connector {
        /**
         * A new, open association with the meter.
         *
         * @throws DlmsException if the meter cannot be reached or refuses
         */
        DlmsClient open() throws DlmsException;
    }

    /**
     * One meter of the transfer.
     *
     * @param name         for the results and messages, e.g. the meter's id
     * @param connector    how to open an association with it
     * @param broadcastKey whether the meter holds the broadcast key of {@link #withCipher} (since 1.4)
     */
    public record Target(String name, Connector connector, boolean broadcastKey) {
        /** Requires both. */
        public Target {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(connector, "connector");
        }

        /** A meter without the broadcast key. */
        public Target(String name, Connector connector) {
            this(name, connector, false);
        }
    }

    private final HdlcBroadcaster broadcaster;
    private final int rebroadcastMin;
    private final int maxRepairPasses;
    private final long keepAliveNanos;
    private final BroadcastChannel cipher;
    private int invokeId;

    /**
     * A transfer through {@code broadcaster}: no re-broadcast, up to 3 repair
     * passes per meter, a keep-alive after 30 s of broadcast silence.
     */
    public BroadcastImageTransfer(HdlcBroadcaster broadcaster) {
        this(broadcaster, 0, 3, Duration.ofSeconds(30).toNanos(), null);
    }

    private BroadcastImageTransfer(HdlcBroadcaster broadcaster, int rebroadcastMin, int maxRepairPasses,
            long keepAliveNanos, BroadcastChannel cipher) {
        this.cipher = cipher;
        this.broadcaster = Objects.requireNonNull(broadcaster, "broadcaster");
        this.rebroadcastMin = rebroadcastMin;
        this.maxRepairPasses = maxRepairPasses;
        this.keepAliveNanos = keepAliveNanos;
    }

    /**
     * With a keep-alive ({@link HdlcBroadcaster#keepAlive()}) whenever the
     * broadcaster has been silent for {@code interval} during point-to-point
     * work; keep it well below the meters' inactivity timeout. Zero turns it
     * off.
     */
    public BroadcastImageTransfer withKeepAlive(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative");
        }
        return new BroadcastImageTransfer(broadcaster, rebroadcastMin, maxRepairPasses, interval.toNanos(), cipher);
    }

    /**
     * With a re-broadcast round: blocks lacking on at least {@code minMeters}
     * meters after the broadcast pass are broadcast again before the
     * point-to-point repair; 0 turns it off (the default).
     */
    public BroadcastImageTransfer withRebroadcast(int minMeters) {
        if (minMeters < 0) {
            throw new IllegalArgumentException("minMeters must not be negative");
        }
        return new BroadcastImageTransfer(broadcaster, minMeters, maxRepairPasses, keepAliveNanos, cipher);
    }

    /** With at most {@code passes} (1..10) bitmap-and-repair rounds per meter. */
    public BroadcastImageTransfer withMaxRepairPasses(int passes) {
        if (passes < 1 || passes > 10) {
            throw new IllegalArgumentException("passes must be 1..10");
        }
        return new BroadcastImageTransfer(broadcaster, rebroadcastMin, passes, keepAliveNanos, cipher);
    }

    /**
     * With every broadcast APDU ciphered by {@code channel} (the global
     * broadcast key, this client's system title, the key's invocation
     * counters): only ciphering meters that hold the key take the broadcast.
     * The channel's counters must never go back: persist them ahead of use
     * (a counter is taken for every broadcast APDU, keep-alives excepted).
     *
     * @since 1.4.0
     */
    public BroadcastImageTransfer withCipher(BroadcastChannel channel) {
        return new BroadcastImageTransfer(broadcaster, rebroadcastMin, maxRepairPasses, keepAliveNanos,
                Objects.requireNonNull(channel, "channel"));
    }

    /**
     * Transfers {@code image} named {@code identifier} to every target. A
     * meter's failure is recorded in its result and stops only that meter.
     *
     * @throws DlmsException METER_UNREACHABLE if the broadcast link itself fails
     */
    public BroadcastResult transfer(byte[] identifier, byte[] image, List<Target> targets) throws DlmsException {
        List<Meter> meters = targets.stream().map(Meter::new).toList();
        long t0 = System.nanoTime();
        for (Meter m : meters) {
            prepare(m, identifier, image.length);
        }
        long size = meters.stream().filter(m -> m.error == null).mapToLong(m -> m.blockSize).findFirst().orElse(0);
        long blocks = size == 0 ? 0 : (image.length + size - 1) / size;
        int apduLength = blocks == 0 ? 0 : blockRequest(0, block(image, 0, size)).length
                + (cipher == null ? 0 : SecuritySuite0.MAX_OVERHEAD);
        for (Meter m : meters) {
            m.broadcastable = m.error == null && m.blockSize == size
                    && (cipher == null ? !m.client.ciphered() : m.client.ciphered() && m.target.broadcastKey())
                    && m.client.conformance().has(Conformance.Bit.ACTION)
                    && apduLength <= m.client.serverMaxReceivePduSize();
        }
        long t1 = System.nanoTime();
        for (long n = 0; n < blocks; n++) {
            broadcast(meters, n, block(image, n, size));
        }
        broadcaster.drain();
        long t2 = System.nanoTime();
        long rebroadcasts = 0;
        if (rebroadcastMin > 0 && blocks > 0) {
            int[] lacking = new int[(int) blocks];
            for (Meter m : meters) {
                if (m.broadcastable) {
                    countMissing(m, lacking);
                }
            }
            for (int n = 0; n < lacking.length; n++) {
                if (lacking[n] >= rebroadcastMin) {
                    broadcast(meters, n, block(image, n, size));
                    rebroadcasts++;
                }
            }
            broadcaster.drain();
        }
        long t3 = System.nanoTime();
        for (Meter m : meters) {
            if (m.error == null && m.blockSize != size) {
                initiate(m, identifier, image.length); // blocks of another size are no use to it: start clean
            }
            if (m.error == null) {
                repair(m, image);
            }
            m.release();
        }
        long t4 = System.nanoTime();
        return new BroadcastResult(size, blocks, blocks, rebroadcasts, meters.stream().map(Meter::result).toList(),
                Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2),
                Duration.ofNanos(t4 - t3));
    }

    private void initiate(Meter m, byte[] identifier, long imageSize) {
        try {
            call(m, it -> {
                it.initiate(identifier, imageSize);
                return null;
            });
        } catch (DlmsException e) {
            m.fail(e);
        }
    }

    private void prepare(Meter m, byte[] identifier, long imageSize) {
        try {
            m.open();
            m.blockSize = call(m, it -> {
                if (!it.enabled()) {
                    it.enable(true);
                }
                long size = it.blockSize();
                it.initiate(identifier, imageSize);
                return size;
            });
            m.blocks = (imageSize + m.blockSize - 1) / m.blockSize;
        } catch (DlmsException e) {
            m.fail(e);
        }
    }

    private byte[] blockRequest(long n, byte[] block) {
        invokeId = (invokeId + 1) & 0x0F;
        return new ActionRequest.Normal(InvokeIdAndPriority.unconfirmed(invokeId), ImageTransfer.IMAGE_BLOCK_TRANSFER,
                new ImageTransfer.BlockParameters(n, block).toDataValue()).encode();
    }

    private void broadcast(List<Meter> meters, long n, byte[] block) throws DlmsException {
        byte[] request = blockRequest(n, block);
        broadcaster.send(cipher == null ? request : cipher.protect(request));
        for (Meter m : meters) {
            if (m.broadcastable) {
                m.broadcast++;
            }
        }
    }

    /** Adds one to {@code lacking[n]} for each block n the meter lacks; a meter that does not answer counts not. */
    private void countMissing(Meter m, int[] lacking) {
        try {
            DataValue.BitString done = call(m, ImageTransferClient::transferredBlocks);
            for (int n = 0; n < lacking.length; n++) {
                if (!has(done, n)) {
                    lacking[n]++;
                }
            }
        } catch (DlmsException e) {
            // its repair step reads the bitmap again, and fails the meter if it still cannot
        }
    }

    private void repair(Meter m, byte[] image) {
        try {
            long first = 0;
            for (int pass = 0; pass < maxRepairPasses && !m.complete; pass++) {
                DataValue.BitString done = call(m, ImageTransferClient::transferredBlocks);
                List<Long> missing = new ArrayList<>();
                for (long n = 0; n < m.blocks; n++) {
                    if (!has(done, n)) {
                        missing.add(n);
                    }
                }
                if (pass == 0) {
                    m.missingAfterBroadcast = missing.size();
                }
                for (long n : missing) {
                    byte[] b = block(image, n, m.blockSize);
                    call(m, it -> {
                        it.transferBlock(n, b);
                        return null;
                    });
                    m.repaired++;
                }
                first = call(m, ImageTransferClient::firstNotTransferredBlock);
                m.complete = first >= m.blocks;
            }
            if (!m.complete) {
                m.fail(new DlmsRefusedException(m.client.name() + ": image incomplete: block " + first
                        + " still missing after " + maxRepairPasses + " repair pass(es)", null, null));
            }
        } catch (DlmsException e) {
            m.fail(e);
        }
    }

    private static boolean has(DataValue.BitString bits, long n) {
        return n < bits.bitLength() && bits.get((int) n);
    }

    private static byte[] block(byte[] image, long n, long size) {
        int from = (int) (n * size);
        return Arrays.copyOfRange(image, from, (int) Math.min(image.length, from + size));
    }

    @FunctionalInterface
    private interface Step<T> {
        T run(ImageTransferClient it) throws DlmsException;
    }

    /**
     * Runs a step (after a keep-alive, if one is due); if the meter is
     * unreachable (a dropped association), once more on a new association.
     */
    private <T> T call(Meter m, Step<T> step) throws DlmsException {
        if (keepAliveNanos > 0 && System.nanoTime() - broadcaster.lastSentNanos() >= keepAliveNanos) {
            broadcaster.keepAlive();
        }
        try {
            return step.run(m.it);
        } catch (DlmsException e) {
            if (e.code() != ErrorCode.METER_UNREACHABLE) {
                throw e;
            }
            m.client.abort();
            m.reconnects++;
            m.open();
            return step.run(m.it);
        }
    }

    /** One meter's state during the transfer. */
    private static final class Meter {
        final Target target;
        DlmsClient client;
        ImageTransferClient it;
        long blockSize;
        long blocks;
        boolean broadcastable;
        long broadcast;
        long missingAfterBroadcast;
        long repaired;
        int reconnects;
        boolean complete;
        DlmsException error;

        Meter(Target target) {
            this.target = target;
        }

        void open() throws DlmsException {
            client = Objects.requireNonNull(target.connector().open(), "connector returned no client");
            it = new ImageTransferClient(client);
        }

        void fail(DlmsException e) {
            error = e;
            complete = false;
            broadcastable = false;
            if (client != null) {
                client.abort();
            }
        }

        void release() {
            if (client != null) {
                client.close();
            }
        }

        BroadcastResult.MeterResult result() {
            return new BroadcastResult.MeterResult(target.name(), blocks, broadcast, missingAfterBroadcast, repaired,
                    reconnects, complete, error);
        }
    }
}
