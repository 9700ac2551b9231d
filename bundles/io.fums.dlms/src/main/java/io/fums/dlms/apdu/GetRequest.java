package io.fums.dlms.apdu;

import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.dlms.internal.ByteWriter;
import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/** GET-Request (tag 0xC0): read attributes, normal, next block, or a list. */
@ProviderType
public sealed interface GetRequest extends Apdu {

    /** Tag of GET-Request. */
    int TAG = 0xC0;

    /** The invoke id and priority that the response echoes. */
    InvokeIdAndPriority invokeIdAndPriority();

    /**
     * GET-Request-Normal (type 1): one attribute.
     *
     * @param access selective access, or {@code null}
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, CosemAttributeDescriptor attribute,
            SelectiveAccess access) implements GetRequest {
        /** Requires iip and attribute. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(attribute, "attribute");
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 1, invokeIdAndPriority);
            XdlmsCodec.writeAttribute(w, attribute);
            XdlmsCodec.writeAccess(w, access);
            return w.toByteArray();
        }
    }

    /** GET-Request-Next (type 2): the next block of a long GET; {@code blockNumber} is the last one received. */
    record Next(InvokeIdAndPriority invokeIdAndPriority, long blockNumber) implements GetRequest {
        /** Validates the block number. */
        public Next {
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

    /** One attribute of a GET-Request-With-List, with optional selective access. */
    record Item(CosemAttributeDescriptor attribute, SelectiveAccess access) {
        /** Requires the attribute. */
        public Item {
            Objects.requireNonNull(attribute, "attribute");
        }
    }

    /** GET-Request-With-List (type 3): several attributes. */
    record WithList(InvokeIdAndPriority invokeIdAndPriority, List<Item> items) implements GetRequest {
        /** Copies the list. */
        public WithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            items = List.copyOf(items);
        }

        @Override
        public byte[] encode() {
            ByteWriter w = XdlmsCodec.start(TAG, 3, invokeIdAndPriority).length(items.size());
            for (Item i : items) {
                XdlmsCodec.writeAttribute(w, i.attribute());
                XdlmsCodec.writeAccess(w, i.access());
            }
            return w.toByteArray();
        }
    }
}
