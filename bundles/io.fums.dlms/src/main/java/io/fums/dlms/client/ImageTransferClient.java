package io.fums.dlms.client;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ImageToActivateInfo;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.ImageTransferStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Drives the image transfer object (class 18, 0-0:44.0.0.255) and the image
 * activation schedule (class 22, 0-0:15.0.2.255) of one meter, step by step
 * as the Blue Book describes: read the block size, enable, initiate, transfer
 * blocks (numbered from 0), check completeness through the first
 * not-transferred block and the bitmap, verify, read image_to_activate_info,
 * then activate now or schedule the activation.
 *
 * <p>{@link #verify()} and {@link #activate()} return false when the meter
 * answers temporary-failure (it is still working: poll {@link #status()});
 * other refusals throw {@link DlmsRefusedException}.
 */
public final class ImageTransferClient {

    private final DlmsClient client;
    private final MeterObjects typed;

    /** Image transfer over {@code client}'s association. */
    public ImageTransferClient(DlmsClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.typed = new MeterObjects(client);
    }

    /** Attribute 2, image_block_size: the bytes per block the meter wants. */
    public long blockSize() throws DlmsException {
        long size = unsigned(client.get(ImageTransfer.ATTR_IMAGE_BLOCK_SIZE), "image_block_size");
        if (size < 1) {
            throw DlmsException.protocol(client.name(), "image_block_size is 0");
        }
        return size;
    }

    /** Attribute 5, image_transfer_enabled. */
    public boolean enabled() throws DlmsException {
        DataValue v = client.get(ImageTransfer.ATTR_IMAGE_TRANSFER_ENABLED);
        return typed.check(() -> DataValues.toBoolean(v, "image_transfer_enabled"));
    }

    /** Writes attribute 5, image_transfer_enabled. */
    public void enable(boolean enabled) throws DlmsException {
        client.set(ImageTransfer.ATTR_IMAGE_TRANSFER_ENABLED, new DataValue.Bool(enabled));
    }

    /** Method 1, image_transfer_initiate: starts a transfer of {@code size} bytes named {@code identifier}. */
    public void initiate(byte[] identifier, long size) throws DlmsException {
        client.action(ImageTransfer.IMAGE_TRANSFER_INITIATE,
                new ImageTransfer.InitiateParameters(identifier, size).toDataValue());
    }

    /** Method 2, image_block_transfer: block {@code number} (from 0). */
    public void transferBlock(long number, byte[] block) throws DlmsException {
        client.action(ImageTransfer.IMAGE_BLOCK_TRANSFER, new ImageTransfer.BlockParameters(number, block)
                .toDataValue());
    }

    /** Attribute 4, image_first_not_transferred_block_number. */
    public long firstNotTransferredBlock() throws DlmsException {
        return unsigned(client.get(ImageTransfer.ATTR_IMAGE_FIRST_NOT_TRANSFERRED_BLOCK_NUMBER),
                "image_first_not_transferred_block_number");
    }

    /** Attribute 3, image_transferred_blocks_status: one bit per block, block 0 first. */
    public DataValue.BitString transferredBlocks() throws DlmsException {
        DataValue v = client.get(ImageTransfer.ATTR_IMAGE_TRANSFERRED_BLOCKS_STATUS);
        if (v instanceof DataValue.BitString b) {
            return b;
        }
        throw DlmsException.protocol(client.name(), "image_transferred_blocks_status: expected a bit-string, got "
                + v.type());
    }

    /** Method 3, image_verify: true if verified, false if the meter is still verifying. */
    public boolean verify() throws DlmsException {
        return invoke(ImageTransfer.IMAGE_VERIFY);
    }

    /** Method 4, image_activate: true if activated, false if the meter is still activating. */
    public boolean activate() throws DlmsException {
        return invoke(ImageTransfer.IMAGE_ACTIVATE);
    }

    private boolean invoke(CosemMethodDescriptor method) throws DlmsException {
        try {
            client.action(method, ImageTransfer.zeroParameter());
            return true;
        } catch (DlmsRefusedException e) {
            if (e.actionResult() == ActionResult.TEMPORARY_FAILURE) {
                return false;
            }
            throw e;
        }
    }

    /** Attribute 6, image_transfer_status. */
    public ImageTransferStatus status() throws DlmsException {
        DataValue v = client.get(ImageTransfer.ATTR_IMAGE_TRANSFER_STATUS);
        return typed.check(() -> ImageTransferStatus.fromDataValue(v));
    }

    /** Attribute 7, image_to_activate_info. */
    public List<ImageToActivateInfo> imageToActivateInfo() throws DlmsException {
        DataValue v = client.get(ImageTransfer.ATTR_IMAGE_TO_ACTIVATE_INFO);
        return typed.check(() -> ImageToActivateInfo.fromAttribute(v));
    }

    /**
     * Writes the activation schedule's execution_time (class 22 attribute 4)
     * to the date and time of {@code at} (local time of the meter; the
     * deviation and clock status are not part of execution_time).
     */
    public void scheduleActivation(CosemDateTime at) throws DlmsException {
        byte[] b = at.toBytes();
        DataValue entry = DataValue.Structure.of(new DataValue.OctetString(Arrays.copyOfRange(b, 5, 9)),
                new DataValue.OctetString(Arrays.copyOfRange(b, 0, 5)));
        client.set(CosemObjects.IMAGE_ACTIVATION_EXECUTION_TIME, DataValue.Array.of(entry));
    }

    /**
     * Transfers a whole image: enables transfer if needed, initiates it (or,
     * with {@code resume}, continues from the first not-transferred block of
     * a transfer already initiated), sends every block, then re-sends the
     * blocks the bitmap still lacks (once).
     *
     * @return the number of blocks of the image
     * @throws DlmsException METER_REFUSED if blocks are still missing afterwards
     */
    public long transferImage(byte[] identifier, byte[] image, boolean resume) throws DlmsException {
        if (!enabled()) {
            enable(true);
        }
        long size = blockSize();
        long blocks = (image.length + size - 1) / size;
        long start = 0;
        if (resume && status() == ImageTransferStatus.TRANSFER_INITIATED) {
            start = Math.min(firstNotTransferredBlock(), blocks);
        } else {
            initiate(identifier, image.length);
        }
        for (long n = start; n < blocks; n++) {
            transferBlock(n, block(image, n, size));
        }
        DataValue.BitString done = transferredBlocks();
        for (long n = 0; n < blocks; n++) {
            if (n >= done.bitLength() || !done.get((int) n)) {
                transferBlock(n, block(image, n, size));
            }
        }
        long first = firstNotTransferredBlock();
        if (first < blocks) {
            throw new DlmsRefusedException(client.name() + ": image incomplete: block " + first
                    + " still missing after a repair pass", null, null);
        }
        return blocks;
    }

    private static byte[] block(byte[] image, long n, long size) {
        int from = (int) (n * size);
        return Arrays.copyOfRange(image, from, (int) Math.min(image.length, from + size));
    }

    private long unsigned(DataValue v, String what) throws DlmsException {
        long n = typed.check(() -> DataValues.toLong(v, what));
        if (n < 0 || n > 0xFFFF_FFFFL) {
            throw DlmsException.at(client.name(), new DlmsCodecException(what + " out of range: " + n));
        }
        return n;
    }
}
