package io.fums.meter.upgrade.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.meter.access.MediumBroadcaster;
import io.fums.meter.access.MeterMedium;
import io.fums.meter.upgrade.FirmwareImage;
import io.fums.meter.upgrade.MeterEndpoint;
import io.fums.meter.upgrade.UpgradeState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcast image transfer for the meters of one wave that share a serial
 * medium (Blue Book class 18, as
 * {@link io.fums.dlms.client.BroadcastImageTransfer} does it, but journalled
 * and resumable): each meter is brought to TRANSFERRING over its own
 * association ({@link MeterUpgrader#prepareTransfer}: compatibility, enable,
 * initiate unless it holds our transfer already); every meter's
 * image_transferred_blocks_status is read; every block that at least one of
 * them lacks is broadcast once; the bitmaps are read again and the blocks
 * that at least {@value #REBROADCAST_MIN} meters lack are broadcast again
 * (cheaper on the line than as many point-to-point repairs). The
 * associations stay open meanwhile (a meter applies a broadcast only within
 * one). Then each meter goes on through {@link MeterUpgrader#advance} as
 * point-to-point ones do: its transfer step sends it only the blocks its
 * bitmap still lacks (the repair), then verify, activate, self-check.
 *
 * <p>The journal records that a broadcast is under way on the medium, its
 * round and next block ({@link UpgradeJournal#broadcastStart}); after a
 * restart or a pause the broadcast starts again from the meters' bitmaps,
 * so blocks every meter holds are never sent again. A meter that fails to
 * prepare is left to its point-to-point path (with its retries); a link
 * failure of the broadcast itself ends the broadcast, and the meters get
 * their missing blocks point-to-point.
 *
 * <p>On one medium, the meters in clear take a broadcast in clear, and the
 * ciphering meters that hold the medium's broadcast key
 * ({@link MeterMedium#ciphered()}) one glo-ciphered with it
 * ({@link MediumBroadcaster#sendCiphered}; group key {@code link}{@value #CIPHERED},
 * also in the journal): two groups, one after the other. A ciphering meter
 * whose medium has no broadcast key in the DCU gets its blocks point-to-point
 * (logged once per campaign and medium).
 */
final class BroadcastPhase {

    /** The suffix of the group key (and the journal's link) of a medium's ciphered broadcast. */
    static final String CIPHERED = "#ciphered";

    /** Meters that must lack a block for a re-broadcast of it. */
    static final int REBROADCAST_MIN = 2;

    private static final Logger LOG = LoggerFactory.getLogger(BroadcastPhase.class);
    private static final int PROGRESS_EVERY_BLOCKS = 16;
    private static final long KEEP_ALIVE_NANOS = 30_000_000_000L;

    /** The shared media of the meters, and broadcasts on them. */
    interface Media {
        /** No shared media: every meter point-to-point. */
        Media NONE = new Media() {
            @Override
            public Optional<MeterMedium> medium(String meterId) {
                return Optional.empty();
            }

            @Override
            public MediumBroadcaster broadcaster(String meterId) throws FumsException {
                throw DlmsException.unreachable("meter " + meterId, "no broadcast", null);
            }
        };

        Optional<MeterMedium> medium(String meterId);

        MediumBroadcaster broadcaster(String meterId) throws FumsException;
    }

    private final UpgradeJournal journal;
    private final MeterUpgrader upgrader;
    private final Media media;
    private final java.util.Set<String> noKeyLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    BroadcastPhase(UpgradeJournal journal, MeterUpgrader upgrader, Media media) {
        this.journal = journal;
        this.upgrader = upgrader;
        this.media = media;
    }

    /**
     * The groups of a wave that take a broadcast: per medium, the meters in
     * clear that have not reached TRANSFERRED, when there are at least two
     * (key: the link); likewise the ciphering meters that hold the medium's
     * broadcast key (key: the link and {@value #CIPHERED}).
     *
     * @param eligible whether a meter may be contacted now (not suspect)
     */
    Map<String, List<MeterEndpoint>> groups(String campaign, List<MeterEndpoint> wave,
            java.util.function.Predicate<String> eligible) throws FumsException {
        Map<String, List<MeterEndpoint>> byMedium = new LinkedHashMap<>();
        for (MeterEndpoint m : wave) {
            Optional<MeterMedium> medium = media.medium(m.meterId());
            if (medium.isEmpty()) {
                continue;
            }
            String key = medium.get().linkId();
            if (medium.get().ciphered().contains(m.meterId())) {
                key += CIPHERED;
            } else if (!medium.get().clear().contains(m.meterId())) {
                if (noKeyLogged.add(campaign + "|" + key)) {
                    LOG.info("campaign {}: the DCU holds no broadcast key for medium {}: its ciphering meters (e.g. {})"
                            + " get their blocks point-to-point (meters.keys.provision with mediumId)", campaign, key,
                            m.meterId());
                }
                continue;
            }
            UpgradeState s = journal.job(campaign, m.meterId()).orElseThrow().state();
            if ((s == UpgradeState.PENDING || s == UpgradeState.INITIATED || s == UpgradeState.TRANSFERRING)
                    && eligible.test(m.meterId())) {
                byMedium.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
            }
        }
        byMedium.values().removeIf(g -> g.size() < 2);
        return byMedium;
    }

    /**
     * Broadcasts the image to {@code group} (meters of one medium), ciphered when {@code link} ends with
     * {@value #CIPHERED}.
     *
     * @throws InterruptedException a pause, cancel or stop: the progress is journalled, the meters keep their blocks
     * @throws FumsException        the journal could not be written
     */
    void run(String campaign, String link, List<MeterEndpoint> group, FirmwareImage image, byte[] bytes)
            throws FumsException, InterruptedException {
        List<Open> open = new ArrayList<>();
        try {
            MediumBroadcaster out = media.broadcaster(group.get(0).meterId());
            for (MeterEndpoint m : group) {
                keepAlive(out);
                prepare(campaign, m, image).ifPresent(open::add);
                checkInterrupt();
            }
            long size = open.isEmpty() ? 0 : open.get(0).blockSize;
            open.removeIf(o -> {
                if (o.blockSize != size) {
                    LOG.info("campaign {}: meter {} takes blocks of {} octets, not {}: point-to-point", campaign,
                            o.meter, o.blockSize, size);
                    o.client.close();
                    return true;
                }
                return false;
            });
            if (open.size() < 2) {
                return;
            }
            long blocks = (bytes.length + size - 1) / size;
            UpgradeJournal.BroadcastRun before = journal.broadcast(campaign, link).orElse(null);
            journal.broadcastStart(campaign, link, blocks, size);
            int[] lacking = lacking(campaign, image, open, blocks, out);
            long needed = Arrays.stream(lacking).filter(k -> k > 0).count();
            if (before != null) {
                LOG.info("campaign {}: broadcast on {} starts again (it was in round {} at block {}): the meters' bitmaps"
                        + " lack {} of {} blocks", campaign, link, before.round(), before.nextBlock(), needed, blocks);
            } else {
                LOG.info("campaign {}: broadcast of {} blocks to {} meters on {}", campaign, blocks, open.size(), link);
            }
            boolean ciphered = link.endsWith(CIPHERED);
            broadcastRound(campaign, link, 1, out, lacking, 1, bytes, size, ciphered);
            broadcastRound(campaign, link, 2, out, lacking(campaign, image, open, blocks, out), REBROADCAST_MIN, bytes, size,
                    ciphered);
            journal.broadcastProgress(campaign, link, 2, blocks, 0, true);
        } catch (DlmsException e) {
            // The medium itself failed: the meters get what they lack point-to-point.
            LOG.warn("campaign {}: broadcast on {} ended: {}; the meters continue point-to-point", campaign, link,
                    e.getMessage());
        } finally {
            open.forEach(o -> o.client.close());
        }
    }

    /** One round: broadcasts, in order, every block lacking on at least {@code min} meters. */
    private void broadcastRound(String campaign, String link, int round, MediumBroadcaster out, int[] lacking, int min,
            byte[] bytes, long size, boolean ciphered) throws FumsException, InterruptedException, DlmsException {
        long sent = 0;
        long total = 0;
        long began = System.nanoTime();
        for (int n = 0; n < lacking.length; n++) {
            if (lacking[n] < min) {
                continue;
            }
            try {
                if (Thread.currentThread().isInterrupted()) {
                    throw DlmsException.unreachable(link, "interrupted", null);
                }
                byte[] request = blockRequest(n, block(bytes, n, size));
                if (ciphered) {
                    out.sendCiphered(request);
                } else {
                    out.send(request);
                }
            } catch (DlmsException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                // a pause, cancel or stop (a send waiting for its turn fails when interrupted)
                journal.broadcastProgress(campaign, link, round, n, sent, false);
                throw new InterruptedException("broadcast on " + link + " stopped at block " + n + " of round " + round);
            }
            sent++;
            total++;
            if (sent % PROGRESS_EVERY_BLOCKS == 0) {
                journal.broadcastProgress(campaign, link, round, n + 1, PROGRESS_EVERY_BLOCKS, false);
                sent = 0;
            }
        }
        journal.broadcastProgress(campaign, link, round, lacking.length, sent, false);
        LOG.info("campaign {}: broadcast on {} round {}: {} blocks sent in {} ms", campaign, link, round, total,
                (System.nanoTime() - began) / 1_000_000);
    }

    /**
     * Per block, how many of the meters lack it. A meter whose bitmap cannot
     * be read leaves the broadcast (its association is closed): it gets its
     * blocks point-to-point, and the others are not sent the whole image again
     * for it.
     */
    private int[] lacking(String campaign, FirmwareImage image, List<Open> open, long blocks, MediumBroadcaster out)
            throws DlmsException, FumsException {
        int[] lacking = new int[(int) blocks];
        for (java.util.ListIterator<Open> i = open.listIterator(); i.hasNext();) {
            Open o = i.next();
            keepAlive(out);
            DataValue.BitString held;
            try {
                held = o.itc.transferredBlocks();
            } catch (DlmsException e) {
                // Its association ended under the broadcast (a read of the meter over it failed, a lost frame too
                // many): opened once more, the meter stays in the broadcast rather than taking every block it
                // lacks point-to-point. It keeps its blocks (prepareTransfer does not initiate again).
                o.client.abort();
                Optional<Open> again = prepare(campaign, o.endpoint, image).filter(a -> a.blockSize == o.blockSize);
                held = again.isPresent() ? bitmap(again.get()) : null;
                if (held == null) {
                    again.ifPresent(a -> a.client.abort());
                    LOG.info("meter {}: no bitmap ({}), none after a new association either: it leaves the broadcast",
                            o.meter, e.getMessage());
                    i.remove();
                    continue;
                }
                LOG.info("meter {}: no bitmap ({}): associated again, it stays in the broadcast", o.meter,
                        e.getMessage());
                i.set(again.get());
            }
            for (int n = 0; n < blocks; n++) {
                if (n >= held.bitLength() || !held.get(n)) {
                    lacking[n]++;
                }
            }
        }
        return lacking;
    }

    /** The meter's image_transferred_blocks_status, or null if it cannot be read. */
    private static DataValue.BitString bitmap(Open o) {
        try {
            return o.itc.transferredBlocks();
        } catch (DlmsException e) {
            return null;
        }
    }

    /** Opens the meter's association and brings it to TRANSFERRING; empty if it cannot take part. */
    private Optional<Open> prepare(String campaign, MeterEndpoint m, FirmwareImage image) throws FumsException {
        DlmsClient client = null;
        try {
            client = m.connector().open();
            if (!upgrader.prepareTransfer(campaign, m.meterId(), m.deviceType(), image, client)) {
                client.close();
                return Optional.empty();
            }
            ImageTransferClient itc = new ImageTransferClient(client);
            return Optional.of(new Open(m, m.meterId(), client, itc, itc.blockSize()));
        } catch (FumsException e) {
            if (!(e instanceof DlmsException) && e.code().category() != ErrorCode.Category.METER) {
                throw e;
            }
            LOG.info("campaign {}: meter {} not prepared for the broadcast ({}): point-to-point", campaign,
                    m.meterId(), e.getMessage());
            if (client != null) {
                client.abort();
            }
            return Optional.empty();
        }
    }

    private static void keepAlive(MediumBroadcaster out) throws DlmsException {
        if (System.nanoTime() - out.lastSentNanos() >= KEEP_ALIVE_NANOS) {
            out.keepAlive();
        }
    }

    private static void checkInterrupt() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("broadcast preparation stopped");
        }
    }

    private static byte[] blockRequest(long n, byte[] block) {
        // unconfirmed: nothing answers, the invoke-id only tells one request from the next
        return new ActionRequest.Normal(InvokeIdAndPriority.unconfirmed((int) (n & 0x0F)), ImageTransfer.IMAGE_BLOCK_TRANSFER,
                new ImageTransfer.BlockParameters(n, block).toDataValue()).encode();
    }

    private static byte[] block(byte[] image, long n, long size) {
        int from = (int) (n * size);
        return Arrays.copyOfRange(image, from, (int) Math.min(image.length, from + size));
    }

    /** A meter's association held open during the broadcast. */
    private record Open(MeterEndpoint endpoint, String meter, DlmsClient client, ImageTransferClient itc, long blockSize) {
    }
}
