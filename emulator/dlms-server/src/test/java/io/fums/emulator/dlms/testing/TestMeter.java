package io.fums.emulator.dlms.testing;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.ScalerUnit;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ImageToActivateInfo;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.ImageTransferStatus;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.emulator.dlms.server.CosemObjectModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small meter for the session tests (the real emulator is elsewhere):
 * device id, firmware identifier and signature, clock, two energy registers,
 * a network setting, a large "blob" attribute for block transfer, an echo
 * method, image transfer (class 18) and the activation schedule (class 22).
 */
public final class TestMeter implements CosemObjectModel {

    /** A class 1 object whose value can be any size: block transfer in both directions. */
    public static final CosemAttributeDescriptor BLOB =
            new CosemAttributeDescriptor(1, new ObisCode(0, 0, 96, 99, 0, 255), 2);
    /** Echo: returns its parameter (class 1 method 1 of the blob object). */
    public static final CosemMethodDescriptor ECHO =
            new CosemMethodDescriptor(1, new ObisCode(0, 0, 96, 99, 0, 255), 1);
    /** A network setting (TCP-UDP setup port, class 41 attribute 2). */
    public static final CosemAttributeDescriptor TCP_PORT =
            new CosemAttributeDescriptor(41, new ObisCode(0, 0, 25, 0, 0, 255), 2);

    public final String deviceId;
    public volatile String firmware = "FW-1.0.0";
    public volatile byte[] blob = new byte[0];
    public volatile int tcpPort = 4059;
    public volatile long energyImport = 123_456;
    public volatile DataValue executionTime = DataValue.Array.of();
    public final AtomicInteger requests = new AtomicInteger();
    // image transfer
    public volatile long imageBlockSize = 200;
    private boolean enabled;
    private ImageTransferStatus status = ImageTransferStatus.TRANSFER_NOT_INITIATED;
    private byte[] imageId = new byte[0];
    private byte[] image = new byte[0];
    private boolean[] received = new boolean[0];

    public TestMeter(String deviceId) {
        this.deviceId = deviceId;
    }

    @Override
    public synchronized GetOutcome get(CosemAttributeDescriptor a, SelectiveAccess access) {
        requests.incrementAndGet();
        if (a.equals(CosemObjects.DEVICE_ID_VALUE)) {
            return GetOutcome.of(new DataValue.OctetString(deviceId.getBytes(StandardCharsets.US_ASCII)));
        } else if (a.equals(CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER_VALUE)) {
            return GetOutcome.of(new DataValue.OctetString(firmware.getBytes(StandardCharsets.US_ASCII)));
        } else if (a.equals(CosemObjects.ACTIVE_FIRMWARE_SIGNATURE_VALUE)) {
            return GetOutcome.of(new DataValue.OctetString(sha256(firmware.getBytes(StandardCharsets.US_ASCII))));
        } else if (a.equals(CosemObjects.CLOCK_TIME)) {
            return GetOutcome.of(CosemDateTime.of(OffsetDateTime.of(2025, 3, 14, 15, 9, 26, 0, ZoneOffset.ofHours(1)),
                    0).toDataValue());
        } else if (a.equals(CosemObjects.register(CosemObjects.ACTIVE_ENERGY_IMPORT, 2))) {
            return GetOutcome.of(new DataValue.UInt32(energyImport));
        } else if (a.equals(CosemObjects.register(CosemObjects.ACTIVE_ENERGY_IMPORT, 3))
                || a.equals(CosemObjects.register(CosemObjects.ACTIVE_ENERGY_EXPORT, 3))) {
            return GetOutcome.of(new ScalerUnit(-1, ScalerUnit.UNIT_WATT_HOUR).toDataValue());
        } else if (a.equals(CosemObjects.register(CosemObjects.ACTIVE_ENERGY_EXPORT, 2))) {
            return GetOutcome.of(new DataValue.UInt32(42));
        } else if (a.equals(BLOB)) {
            return GetOutcome.of(new DataValue.OctetString(blob));
        } else if (a.equals(TCP_PORT)) {
            return GetOutcome.of(new DataValue.UInt16(tcpPort));
        } else if (a.equals(CosemObjects.IMAGE_ACTIVATION_EXECUTION_TIME)) {
            return GetOutcome.of(executionTime);
        } else if (a.classId() == ImageTransfer.CLASS_ID && a.instance().equals(ImageTransfer.LOGICAL_NAME)) {
            return imageAttribute(a.attributeId());
        }
        return GetOutcome.failed(DataAccessResult.OBJECT_UNDEFINED);
    }

    private GetOutcome imageAttribute(int id) {
        switch (id) {
            case 2: return GetOutcome.of(new DataValue.UInt32(imageBlockSize));
            case 3: return GetOutcome.of(DataValue.BitString.of(received));
            case 4: {
                int first = 0;
                while (first < received.length && received[first]) {
                    first++;
                }
                return GetOutcome.of(new DataValue.UInt32(first));
            }
            case 5: return GetOutcome.of(new DataValue.Bool(enabled));
            case 6: return GetOutcome.of(status.toDataValue());
            case 7: return GetOutcome.of(ImageToActivateInfo.toAttribute(
                    status.code() >= ImageTransferStatus.VERIFICATION_SUCCESSFUL.code()
                    ? List.of(new ImageToActivateInfo(image.length, imageId, sha256(image))) : List.of()));
            default: return GetOutcome.failed(DataAccessResult.OBJECT_UNDEFINED);
        }
    }

    @Override
    public synchronized DataAccessResult set(CosemAttributeDescriptor a, DataValue value) {
        requests.incrementAndGet();
        if (a.equals(BLOB) && value instanceof DataValue.OctetString s) {
            blob = s.value();
            return DataAccessResult.SUCCESS;
        } else if (a.equals(ImageTransfer.ATTR_IMAGE_TRANSFER_ENABLED) && value instanceof DataValue.Bool b) {
            enabled = b.value();
            return DataAccessResult.SUCCESS;
        } else if (a.equals(CosemObjects.IMAGE_ACTIVATION_EXECUTION_TIME) && value instanceof DataValue.Array) {
            executionTime = value;
            return DataAccessResult.SUCCESS;
        } else if (a.equals(CosemObjects.CLOCK_TIME)) {
            return DataAccessResult.SUCCESS;
        }
        return DataAccessResult.READ_WRITE_DENIED;
    }

    @Override
    public synchronized ActionOutcome action(CosemMethodDescriptor m, DataValue p) {
        requests.incrementAndGet();
        if (m.equals(ECHO)) {
            return new ActionOutcome(ActionResult.SUCCESS, p);
        }
        try {
            if (m.equals(ImageTransfer.IMAGE_TRANSFER_INITIATE)) {
                if (!enabled) {
                    return new ActionOutcome(ActionResult.OBJECT_UNAVAILABLE, null);
                }
                ImageTransfer.InitiateParameters ip = ImageTransfer.InitiateParameters.fromDataValue(p);
                imageId = ip.identifier();
                image = new byte[(int) ip.imageSize()];
                received = new boolean[(int) ((ip.imageSize() + imageBlockSize - 1) / imageBlockSize)];
                status = ImageTransferStatus.TRANSFER_INITIATED;
                return ActionOutcome.success();
            } else if (m.equals(ImageTransfer.IMAGE_BLOCK_TRANSFER)) {
                ImageTransfer.BlockParameters bp = ImageTransfer.BlockParameters.fromDataValue(p);
                int n = (int) bp.blockNumber();
                byte[] b = bp.block();
                long expected = Math.min(imageBlockSize, image.length - (long) n * imageBlockSize);
                if (status != ImageTransferStatus.TRANSFER_INITIATED || n >= received.length
                        || b.length != expected) { // Blue Book: image_block_size octets, the last block fewer
                    return new ActionOutcome(ActionResult.OTHER_REASON, null);
                }
                System.arraycopy(b, 0, image, (int) (n * imageBlockSize), b.length);
                received[n] = true;
                return ActionOutcome.success();
            } else if (m.equals(ImageTransfer.IMAGE_VERIFY)) {
                for (boolean r : received) {
                    if (!r) {
                        status = ImageTransferStatus.VERIFICATION_FAILED;
                        return new ActionOutcome(ActionResult.OTHER_REASON, null);
                    }
                }
                status = ImageTransferStatus.VERIFICATION_SUCCESSFUL;
                return ActionOutcome.success();
            } else if (m.equals(ImageTransfer.IMAGE_ACTIVATE)) {
                if (status != ImageTransferStatus.VERIFICATION_SUCCESSFUL) {
                    return new ActionOutcome(ActionResult.OTHER_REASON, null);
                }
                firmware = new String(imageId, StandardCharsets.US_ASCII);
                status = ImageTransferStatus.ACTIVATION_SUCCESSFUL;
                return ActionOutcome.success();
            }
        } catch (DlmsCodecException e) {
            return new ActionOutcome(ActionResult.TYPE_UNMATCHED, null);
        }
        return new ActionOutcome(ActionResult.OBJECT_UNDEFINED, null);
    }

    /** The image as received so far. */
    public synchronized byte[] image() {
        return Arrays.copyOf(image, image.length);
    }

    public synchronized ImageTransferStatus status() {
        return status;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
