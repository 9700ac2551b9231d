package io.fums.dlms.apdu;

import io.fums.dlms.internal.ByteWriter;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/** ACTION-Response (tag 0xC7). */
@ProviderType
public sealed interface ActionResponse extends Apdu {

    /** Tag of ACTION-Response. */
    int TAG = 0xC7;

    /** The invoke id and priority of the request. */
    InvokeIdAndPriority invokeIdAndPriority();

    /**
     * ACTION-Response-Normal (type 1): Action-Response-With-Optional-Data.
     *
     * @param returnParameters return parameters (data or data-access-result), or {@code null}
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, ActionResult result, GetDataResult returnParameters)
            implements ActionResponse {
        /** Requires iip and result. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(result, "result");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 1, invokeIdAndPriority).u8(result.code());
            if (returnParameters == null) {
                w.u8(0);
            } else {
                w.u8(1);
                XdlmsCodec.writeResult(w, returnParameters);
            }
            return w.toByteArray();
        }
    }

    /** ACTION-Response-With-Pblock (type 2): a block of the return parameters. */
    record WithPblock(InvokeIdAndPriority invokeIdAndPriority, DataBlock block) implements ActionResponse {
        /** Requires both fields. */
        public WithPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(block, "block");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 2, invokeIdAndPriority);
            XdlmsCodec.writeBlock(w, block);
            return w.toByteArray();
        }
    }

    /** ACTION-Response-Next-Pblock (type 4): block {@code blockNumber} of the parameters was received. */
    record NextPblock(InvokeIdAndPriority invokeIdAndPriority, long blockNumber) implements ActionResponse {
        /** Validates the block number. */
        public NextPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("block number out of range: " + blockNumber);
            }
        }

        @Override
        public byte[] encode() {
            return XdlmsCodec.start(TAG, 4, invokeIdAndPriority).u32(blockNumber).toByteArray();
        }
    }
}
