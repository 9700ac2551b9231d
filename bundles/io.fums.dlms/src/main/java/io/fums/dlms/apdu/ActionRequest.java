package io.fums.dlms.apdu;

import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.internal.AxdrIo;
import io.fums.dlms.internal.ByteWriter;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/** ACTION-Request (tag 0xC3): invoke a method, at once or with the parameters in blocks. */
@ProviderType
public sealed interface ActionRequest extends Apdu {

    /** Tag of ACTION-Request. */
    int TAG = 0xC3;

    /** The invoke id and priority that the response echoes. */
    InvokeIdAndPriority invokeIdAndPriority();

    /**
     * ACTION-Request-Normal (type 1).
     *
     * @param parameters method-invocation-parameters, or {@code null}
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, CosemMethodDescriptor method, DataValue parameters)
            implements ActionRequest {
        /** Requires iip and method. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(method, "method");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 1, invokeIdAndPriority);
            XdlmsCodec.writeMethod(w, method);
            if (parameters == null) {
                w.u8(0);
            } else {
                w.u8(1);
                AxdrIo.write(w, parameters);
            }
            return w.toByteArray();
        }
    }

    /** ACTION-Request-Next-Pblock (type 2): ask for the next block of the return parameters. */
    record NextPblock(InvokeIdAndPriority invokeIdAndPriority, long blockNumber) implements ActionRequest {
        /** Validates the block number. */
        public NextPblock {
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

    /** ACTION-Request-With-First-Pblock (type 4): the method and the first block of its parameters. */
    record WithFirstPblock(InvokeIdAndPriority invokeIdAndPriority, CosemMethodDescriptor method, DataBlock block)
            implements ActionRequest {
        /** Requires all fields. */
        public WithFirstPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(block, "block");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 4, invokeIdAndPriority);
            XdlmsCodec.writeMethod(w, method);
            XdlmsCodec.writeBlock(w, block);
            return w.toByteArray();
        }
    }

    /** ACTION-Request-With-Pblock (type 6): a further block of the parameters. */
    record WithPblock(InvokeIdAndPriority invokeIdAndPriority, DataBlock block) implements ActionRequest {
        /** Requires both fields. */
        public WithPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(block, "block");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 6, invokeIdAndPriority);
            XdlmsCodec.writeBlock(w, block);
            return w.toByteArray();
        }
    }
}
