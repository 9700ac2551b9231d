package io.fums.dlms.apdu;

import java.util.Arrays;

/**
 * DataBlock-SA (Green Book): one block of a SET or ACTION block transfer.
 * The raw data of all blocks, concatenated, is the A-XDR encoding of the
 * value.
 *
 * @param lastBlock   this is the last block
 * @param blockNumber 1 for the first block, then incremented; 0..4294967295
 * @param rawData     this block's part of the encoded value
 */
public record DataBlock(boolean lastBlock, long blockNumber, byte[] rawData) {

    /** Validates and copies. */
    public DataBlock {
        if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("block number out of range: " + blockNumber);
        }
        rawData = rawData.clone();
    }

    @Override
    public byte[] rawData() {
        return rawData.clone();
    }

    /** The length of the raw data without copying it. */
    public int rawDataLength() {
        return rawData.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataBlock b && b.lastBlock == lastBlock && b.blockNumber == blockNumber
                && Arrays.equals(b.rawData, rawData);
    }

    @Override
    public int hashCode() {
        return (Boolean.hashCode(lastBlock) * 31 + Long.hashCode(blockNumber)) * 31 + Arrays.hashCode(rawData);
    }

    @Override
    public String toString() {
        return "DataBlock[last=" + lastBlock + ", number=" + blockNumber + ", " + rawData.length + " octets]";
    }
}
