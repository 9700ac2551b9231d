package io.fums.dlms.client;

import io.fums.dlms.DlmsException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link BroadcastImageTransfer} did: the broadcast figures, the
 * time of each phase and, per meter, what it received by broadcast and what
 * had to be repaired point-to-point.
 *
 * @param blockSize        the broadcast blocks' size: the image_block_size of the first meter
 *                         prepared (0 if none could be)
 * @param blocks           blocks of the image at that size
 * @param broadcastSends   blocks sent in the broadcast pass
 * @param rebroadcastSends blocks broadcast again because several meters lacked them
 * @param meters           one result per target, in the targets' order
 * @param prepareTime      associations, enabling and image_transfer_initiate, meter by meter
 * @param broadcastTime    the broadcast pass, until its last octet left
 * @param rebroadcastTime  reading every meter's bitmap and broadcasting again (zero when off)
 * @param repairTime       per meter: bitmap, missing blocks point-to-point, completeness check, release
 */
public record BroadcastResult(long blockSize, long blocks, long broadcastSends, long rebroadcastSends,
        List<MeterResult> meters, Duration prepareTime, Duration broadcastTime, Duration rebroadcastTime,
        Duration repairTime) {

    /** Copies the list. */
    public BroadcastResult {
        meters = List.copyOf(meters);
        Objects.requireNonNull(prepareTime, "prepareTime");
        Objects.requireNonNull(broadcastTime, "broadcastTime");
        Objects.requireNonNull(rebroadcastTime, "rebroadcastTime");
        Objects.requireNonNull(repairTime, "repairTime");
    }

    /** All phases together. */
    public Duration totalTime() {
        return prepareTime.plus(broadcastTime).plus(rebroadcastTime).plus(repairTime);
    }

    /** Blocks sent point-to-point, all meters together. */
    public long repairedBlocks() {
        return meters.stream().mapToLong(MeterResult::blocksRepaired).sum();
    }

    /** Blocks the meters lacked after the broadcast pass(es), all meters together. */
    public long missingAfterBroadcast() {
        return meters.stream().mapToLong(MeterResult::missingAfterBroadcast).sum();
    }

    /** Meters whose image is complete. */
    public long completeMeters() {
        return meters.stream().filter(MeterResult::complete).count();
    }

    /** Whether every meter has the complete image. */
    public boolean allComplete() {
        return completeMeters() == meters.size();
    }

    /**
     * One meter's figures.
     *
     * @param name                  the target's name
     * @param blocks                blocks of the image at this meter's image_block_size (0 if unknown)
     * @param blocksBroadcast       block sends broadcast that this meter could take (0 if it could take
     *                              none: another block size, a ciphered association, a smaller PDU)
     * @param missingAfterBroadcast blocks its bitmap lacked after the broadcast pass(es)
     * @param blocksRepaired        blocks sent to it point-to-point
     * @param reconnects            associations opened again after the meter dropped one
     * @param complete              image_first_not_transferred_block_number reached the block count
     * @param error                 why the meter is not complete, or null
     */
    public record MeterResult(String name, long blocks, long blocksBroadcast, long missingAfterBroadcast,
            long blocksRepaired, int reconnects, boolean complete, DlmsException error) {
        /** Requires the name. */
        public MeterResult {
            Objects.requireNonNull(name, "name");
        }
    }
}
