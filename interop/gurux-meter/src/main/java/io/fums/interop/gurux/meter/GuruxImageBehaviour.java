package io.fums.interop.gurux.meter;

import gurux.dlms.enums.ErrorCode;
import gurux.dlms.objects.GXDLMSImageActivateInfo;
import gurux.dlms.objects.GXDLMSImageTransfer;
import gurux.dlms.objects.enums.ImageTransferStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The Gurux meter's own class 18 behaviour (Gurux's built-in one stores
 * blocks and does nothing on verify or activate): initiate, blocks in any
 * order with a bitmap, verify = every block received, the size announced and
 * the image's own SHA-256 ({@link GuruxMeterImage}), activate = the verified
 * image's version becomes the active firmware identifier, at once or at the
 * time written to the activation schedule (class 22). The state lives in
 * Gurux's {@link GXDLMSImageTransfer} object, so reads go through Gurux's own
 * encoding of the attributes. Not thread-safe: the meter serves one request
 * at a time.
 */
final class GuruxImageBehaviour {

    private final GXDLMSImageTransfer object;
    private final int maxImageSize;
    private final Clock clock;
    private byte[] image;
    private BitSet received = new BitSet();
    private GuruxMeterImage verified;
    private Instant scheduled;
    private String firmware;
    private final List<String> events = new ArrayList<>();

    GuruxImageBehaviour(GXDLMSImageTransfer object, int maxImageSize, Clock clock, String firmware) {
        this.object = object;
        this.maxImageSize = maxImageSize;
        this.clock = clock;
        this.firmware = firmware;
        object.setImageTransferEnabled(true);
        object.setImageTransferStatus(ImageTransferStatus.IMAGE_TRANSFER_NOT_INITIATED);
        object.setImageTransferredBlocksStatus("");
        object.setImageActivateInfo(new GXDLMSImageActivateInfo[0]);
    }

    /** The running firmware's version (the active firmware identifier). */
    String firmware() {
        return firmware;
    }

    /** What the meter did, in order: "initiate 1234", "verify ok", "activate 2.0.0 (scheduled)", ... */
    List<String> events() {
        return List.copyOf(events);
    }

    /** Method {@code index} with Gurux's parsed {@code parameters}; null on success, else the action-result. */
    ErrorCode invoke(int index, Object parameters) {
        return switch (index) {
            case 1 -> initiate(parameters);
            case 2 -> block(parameters);
            case 3 -> verify();
            case 4 -> activate(false);
            default -> ErrorCode.READ_WRITE_DENIED;
        };
    }

    private ErrorCode initiate(Object parameters) {
        if (!(parameters instanceof List<?> p) || p.size() != 2 || !(p.get(0) instanceof byte[] id)
                || !(p.get(1) instanceof Number n)) {
            return ErrorCode.UNMATCHED_TYPE;
        }
        long size = n.longValue();
        if (!object.getImageTransferEnabled() || size <= 0 || size > maxImageSize) {
            events.add("initiate refused: " + size);
            return ErrorCode.OTHER_REASON;
        }
        image = new byte[(int) size];
        received = new BitSet();
        verified = null;
        scheduled = null;
        object.setImageActivateInfo(new GXDLMSImageActivateInfo[] {new GXDLMSImageActivateInfo(size, id, null)});
        object.setImageFirstNotTransferredBlockNumber(0);
        object.setImageTransferStatus(ImageTransferStatus.IMAGE_TRANSFER_INITIATED);
        updateBitmap();
        events.add("initiate " + size);
        return null;
    }

    private ErrorCode block(Object parameters) {
        if (!(parameters instanceof List<?> p) || p.size() != 2 || !(p.get(0) instanceof Number number)
                || !(p.get(1) instanceof byte[] data)) {
            return ErrorCode.UNMATCHED_TYPE;
        }
        if (image == null || object.getImageTransferStatus() != ImageTransferStatus.IMAGE_TRANSFER_INITIATED) {
            return ErrorCode.OTHER_REASON;
        }
        long n = number.longValue();
        long size = object.getImageBlockSize();
        long count = blockCount();
        long expected = n == count - 1 ? image.length - n * size : size;
        if (n < 0 || n >= count || data.length != expected) {
            events.add("block refused: " + n + ", " + data.length + " octets");
            return ErrorCode.OTHER_REASON;
        }
        System.arraycopy(data, 0, image, (int) (n * size), data.length);
        received.set((int) n);
        updateBitmap();
        return null;
    }

    private ErrorCode verify() {
        if (image == null) {
            return ErrorCode.OTHER_REASON;
        }
        if (received.nextClearBit(0) < blockCount()) {
            object.setImageTransferStatus(ImageTransferStatus.IMAGE_VERIFICATION_FAILED);
            events.add("verify failed: incomplete");
            return ErrorCode.OTHER_REASON;
        }
        GuruxMeterImage parsed = GuruxMeterImage.parse(image);
        if (parsed == null) {
            object.setImageTransferStatus(ImageTransferStatus.IMAGE_VERIFICATION_FAILED);
            events.add("verify failed: not a valid image");
            return ErrorCode.OTHER_REASON;
        }
        verified = parsed;
        GXDLMSImageActivateInfo info = object.getImageActivateInfo()[0];
        object.setImageActivateInfo(new GXDLMSImageActivateInfo[] {
            new GXDLMSImageActivateInfo(image.length, info.getIdentification(), parsed.sha256())});
        object.setImageTransferStatus(ImageTransferStatus.IMAGE_VERIFICATION_SUCCESSFUL);
        events.add("verify ok " + parsed.version());
        return null;
    }

    private ErrorCode activate(boolean bySchedule) {
        if (verified == null || object.getImageTransferStatus() != ImageTransferStatus.IMAGE_VERIFICATION_SUCCESSFUL) {
            events.add("activate refused");
            return ErrorCode.OTHER_REASON;
        }
        firmware = verified.version();
        object.setImageTransferStatus(ImageTransferStatus.IMAGE_ACTIVATION_SUCCESSFUL);
        events.add("activate " + firmware + (bySchedule ? " (scheduled)" : ""));
        verified = null;
        scheduled = null;
        return null;
    }

    /** Class 22 execution_time written: the verified image is activated at {@code at} (null: cleared). */
    void schedule(Instant at) {
        scheduled = at;
        events.add(at == null ? "schedule cleared" : "schedule " + at);
        tick();
    }

    /** Runs a scheduled activation that is due. */
    void tick() {
        if (scheduled != null && !clock.instant().isBefore(scheduled)
                && object.getImageTransferStatus() == ImageTransferStatus.IMAGE_VERIFICATION_SUCCESSFUL) {
            activate(true);
        }
    }

    private long blockCount() {
        long size = object.getImageBlockSize();
        return (image.length + size - 1) / size;
    }

    private void updateBitmap() {
        int count = (int) blockCount();
        StringBuilder sb = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            sb.append(received.get(i) ? '1' : '0');
        }
        object.setImageTransferredBlocksStatus(sb.toString());
        object.setImageFirstNotTransferredBlockNumber(received.nextClearBit(0));
    }
}
