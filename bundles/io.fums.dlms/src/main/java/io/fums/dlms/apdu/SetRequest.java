package io.fums.dlms.apdu;

import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.dlms.internal.AxdrIo;
import io.fums.dlms.internal.ByteWriter;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/** SET-Request (tag 0xC1): write one attribute, at once or in blocks. */
@ProviderType
public sealed interface SetRequest extends Apdu {

    /** Tag of SET-Request. */
    int TAG = 0xC1;

    /** The invoke id and priority that the response echoes. */
    InvokeIdAndPriority invokeIdAndPriority();

    /**
     * SET-Request-Normal (type 1).
     *
     * @param access selective access, or {@code null}
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, CosemAttributeDescriptor attribute,
            SelectiveAccess access, DataValue value) implements SetRequest {
        /** Requires iip, attribute and value. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 1, invokeIdAndPriority);
            XdlmsCodec.writeAttribute(w, attribute);
            XdlmsCodec.writeAccess(w, access);
            AxdrIo.write(w, value);
            return w.toByteArray();
        }
    }

    /** SET-Request-With-First-Datablock (type 2): the attribute and the first block of its value. */
    record WithFirstDatablock(InvokeIdAndPriority invokeIdAndPriority, CosemAttributeDescriptor attribute,
            SelectiveAccess access, DataBlock block) implements SetRequest {
        /** Requires iip, attribute and block. */
        public WithFirstDatablock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(block, "block");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 2, invokeIdAndPriority);
            XdlmsCodec.writeAttribute(w, attribute);
            XdlmsCodec.writeAccess(w, access);
            XdlmsCodec.writeBlock(w, block);
            return w.toByteArray();
        }
    }

    /** SET-Request-With-Datablock (type 3): a further block. */
    record WithDatablock(InvokeIdAndPriority invokeIdAndPriority, DataBlock block) implements SetRequest {
        /** Requires both fields. */
        public WithDatablock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(block, "block");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 3, invokeIdAndPriority);
            XdlmsCodec.writeBlock(w, block);
            return w.toByteArray();
        }
    }
}
