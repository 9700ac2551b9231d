package io.fums.dlms.cosem;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.internal.Hex;
import java.util.Arrays;
import java.util.List;

/**
 * The image transfer object (Blue Book interface class 18, version 0) at
 * 0-0:44.0.0.255: its attribute and method descriptors, and the encoding of
 * the method parameters in both directions (the client builds them, the
 * emulator's server parses them).
 */
public final class ImageTransfer {

    /** Interface class 18. */
    public static final int CLASS_ID = CosemObjects.CLASS_IMAGE_TRANSFER;
    /** The standard instance, 0-0:44.0.0.255. */
    public static final ObisCode LOGICAL_NAME = new ObisCode(0, 0, 44, 0, 0, 255);

    /** Attribute 1, logical_name: octet-string. */
    public static final CosemAttributeDescriptor ATTR_LOGICAL_NAME = attribute(1);
    /** Attribute 2, image_block_size: double-long-unsigned, octets per block. */
    public static final CosemAttributeDescriptor ATTR_IMAGE_BLOCK_SIZE = attribute(2);
    /** Attribute 3, image_transferred_blocks_status: bit-string, one bit per block. */
    public static final CosemAttributeDescriptor ATTR_IMAGE_TRANSFERRED_BLOCKS_STATUS = attribute(3);
    /** Attribute 4, image_first_not_transferred_block_number: double-long-unsigned. */
    public static final CosemAttributeDescriptor ATTR_IMAGE_FIRST_NOT_TRANSFERRED_BLOCK_NUMBER = attribute(4);
    /** Attribute 5, image_transfer_enabled: boolean. */
    public static final CosemAttributeDescriptor ATTR_IMAGE_TRANSFER_ENABLED = attribute(5);
    /** Attribute 6, image_transfer_status: enum, see {@link ImageTransferStatus}. */
    public static final CosemAttributeDescriptor ATTR_IMAGE_TRANSFER_STATUS = attribute(6);
    /** Attribute 7, image_to_activate_info: array, see {@link ImageToActivateInfo}. */
    public static final CosemAttributeDescriptor ATTR_IMAGE_TO_ACTIVATE_INFO = attribute(7);

    /** Method 1, image_transfer_initiate(structure { identifier, size }). */
    public static final CosemMethodDescriptor IMAGE_TRANSFER_INITIATE = method(1);
    /** Method 2, image_block_transfer(structure { block number, block value }). */
    public static final CosemMethodDescriptor IMAGE_BLOCK_TRANSFER = method(2);
    /** Method 3, image_verify(integer 0). */
    public static final CosemMethodDescriptor IMAGE_VERIFY = method(3);
    /** Method 4, image_activate(integer 0). */
    public static final CosemMethodDescriptor IMAGE_ACTIVATE = method(4);

    private ImageTransfer() {
    }

    private static CosemAttributeDescriptor attribute(int id) {
        return new CosemAttributeDescriptor(CLASS_ID, LOGICAL_NAME, id);
    }

    private static CosemMethodDescriptor method(int id) {
        return new CosemMethodDescriptor(CLASS_ID, LOGICAL_NAME, id);
    }

    /**
     * Parameters of image_transfer_initiate:
     * {@code structure { image_identifier octet-string, image_size double-long-unsigned }}.
     */
    public record InitiateParameters(byte[] identifier, long imageSize) {
        /** Validates and copies. */
        public InitiateParameters {
            if (imageSize < 0 || imageSize > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("image size out of range: " + imageSize);
            }
            identifier = identifier.clone();
        }

        @Override
        public byte[] identifier() {
            return identifier.clone();
        }

        /** The method's parameter value. */
        public DataValue toDataValue() {
            return DataValue.Structure.of(new DataValue.OctetString(identifier), new DataValue.UInt32(imageSize));
        }

        /** Parses the method's parameter value. */
        public static InitiateParameters fromDataValue(DataValue v) throws DlmsCodecException {
            List<DataValue> s = DataValues.toStructure(v, 2, "image_transfer_initiate");
            return new InitiateParameters(DataValues.toOctets(s.get(0), "image_identifier"),
                    unsigned32(s.get(1), "image_size"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InitiateParameters p && p.imageSize == imageSize
                    && Arrays.equals(p.identifier, identifier);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(identifier) * 31 + Long.hashCode(imageSize);
        }

        @Override
        public String toString() {
            return "InitiateParameters[identifier=" + Hex.format(identifier) + ", imageSize=" + imageSize + "]";
        }
    }

    /**
     * Parameters of image_block_transfer:
     * {@code structure { image_block_number double-long-unsigned, image_block_value octet-string }}.
     */
    public record BlockParameters(long blockNumber, byte[] block) {
        /** Validates and copies. */
        public BlockParameters {
            if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("block number out of range: " + blockNumber);
            }
            block = block.clone();
        }

        @Override
        public byte[] block() {
            return block.clone();
        }

        /** The method's parameter value. */
        public DataValue toDataValue() {
            return DataValue.Structure.of(new DataValue.UInt32(blockNumber), new DataValue.OctetString(block));
        }

        /** Parses the method's parameter value. */
        public static BlockParameters fromDataValue(DataValue v) throws DlmsCodecException {
            List<DataValue> s = DataValues.toStructure(v, 2, "image_block_transfer");
            return new BlockParameters(unsigned32(s.get(0), "image_block_number"),
                    DataValues.toOctets(s.get(1), "image_block_value"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlockParameters p && p.blockNumber == blockNumber && Arrays.equals(p.block, block);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(blockNumber) * 31 + Arrays.hashCode(block);
        }

        @Override
        public String toString() {
            return "BlockParameters[blockNumber=" + blockNumber + ", " + block.length + " octets]";
        }
    }

    /** The parameter of image_verify and image_activate: {@code integer 0}. */
    public static DataValue zeroParameter() {
        return new DataValue.Int8(0);
    }

    private static long unsigned32(DataValue v, String what) throws DlmsCodecException {
        long n = DataValues.toLong(v, what);
        if (n < 0 || n > 0xFFFF_FFFFL) {
            throw new DlmsCodecException(what + " out of range: " + n);
        }
        return n;
    }
}
