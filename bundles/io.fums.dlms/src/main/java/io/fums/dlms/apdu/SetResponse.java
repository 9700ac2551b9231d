package io.fums.dlms.apdu;

import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/** SET-Response (tag 0xC5). */
@ProviderType
public sealed interface SetResponse extends Apdu {

    /** Tag of SET-Response. */
    int TAG = 0xC5;

    /** The invoke id and priority of the request. */
    InvokeIdAndPriority invokeIdAndPriority();

    /** SET-Response-Normal (type 1). */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, DataAccessResult result) implements SetResponse {
        /** Requires both fields. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(result, "result");
        }

        @Override
        public byte[] encode() {
            return XdlmsCodec.start(TAG, 1, invokeIdAndPriority).u8(result.code()).toByteArray();
        }
    }

    /** SET-Response-Datablock (type 2): block {@code blockNumber} was received, send the next. */
    record Datablock(InvokeIdAndPriority invokeIdAndPriority, long blockNumber) implements SetResponse {
        /** Validates the block number. */
        public Datablock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("block number out of range: " + blockNumber);
            }
        }

        @Override
        public byte[] encode() {
            return XdlmsCodec.start(TAG, 2, invokeIdAndPriority).u32(blockNumber).toByteArray();
        }
    }

    /** SET-Response-Last-Datablock (type 3): the result after the last block. */
    record LastDatablock(InvokeIdAndPriority invokeIdAndPriority, DataAccessResult result, long blockNumber)
            implements SetResponse {
        /** Validates the block number. */
        public LastDatablock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(result, "result");
            if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("block number out of range: " + blockNumber);
            }
        }

        @Override
        public byte[] encode() {
            return XdlmsCodec.start(TAG, 3, invokeIdAndPriority).u8(result.code()).u32(blockNumber).toByteArray();
        }
    }
}
