package io.fums.dlms.apdu;

import io.fums.dlms.internal.ByteWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/** GET-Response (tag 0xC4): normal, one block of a long response, or a list. */
@ProviderType
public sealed interface GetResponse extends Apdu {

    /** Tag of GET-Response. */
    int TAG = 0xC4;

    /** The invoke id and priority of the request. */
    InvokeIdAndPriority invokeIdAndPriority();

    /** GET-Response-Normal (type 1). */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, GetDataResult result) implements GetResponse {
        /** Requires both fields. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(result, "result");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 1, invokeIdAndPriority);
            XdlmsCodec.writeResult(w, result);
            return w.toByteArray();
        }
    }

    /**
     * GET-Response-With-Datablock (type 2), DataBlock-G: a block of the
     * encoded value ({@code rawData}) or the reason the transfer failed
     * ({@code failure}); exactly one of them is non-null.
     */
    record WithDatablock(InvokeIdAndPriority invokeIdAndPriority, boolean lastBlock, long blockNumber,
            byte[] rawData, DataAccessResult failure) implements GetResponse {
        /** Validates and copies. */
        public WithDatablock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("block number out of range: " + blockNumber);
            }
            if ((rawData == null) == (failure == null)) {
                throw new IllegalArgumentException("exactly one of rawData and failure");
            }
            rawData = rawData == null ? null : rawData.clone();
        }

        /** A block of raw data. */
        public static WithDatablock data(InvokeIdAndPriority iip, boolean lastBlock, long blockNumber, byte[] raw) {
            return new WithDatablock(iip, lastBlock, blockNumber, raw, null);
        }

        @Override
        public byte[] rawData() {
            return rawData == null ? null : rawData.clone();
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 2, invokeIdAndPriority).u8(lastBlock ? 1 : 0).u32(blockNumber);
            if (rawData != null) {
                w.u8(0).length(rawData.length).bytes(rawData);
            } else {
                w.u8(1).u8(failure.code());
            }
            return w.toByteArray();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WithDatablock x && x.invokeIdAndPriority.equals(invokeIdAndPriority)
                    && x.lastBlock == lastBlock && x.blockNumber == blockNumber && Arrays.equals(x.rawData, rawData)
                    && x.failure == failure;
        }

        @Override
        public int hashCode() {
            return Objects.hash(invokeIdAndPriority, lastBlock, blockNumber, Arrays.hashCode(rawData), failure);
        }

        @Override
        public String toString() {
            return "GetResponse.WithDatablock[" + invokeIdAndPriority + ", last=" + lastBlock + ", number="
                    + blockNumber + ", " + (rawData != null ? rawData.length + " octets" : failure) + "]";
        }
    }

    /** GET-Response-With-List (type 3): one result per requested attribute. */
    record WithList(InvokeIdAndPriority invokeIdAndPriority, List<GetDataResult> results) implements GetResponse {
        /** Copies the list. */
        public WithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            results = List.copyOf(results);
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 3, invokeIdAndPriority).length(results.size());
            for (GetDataResult r : results) {
                XdlmsCodec.writeResult(w, r);
            }
            return w.toByteArray();
        }
    }
}
