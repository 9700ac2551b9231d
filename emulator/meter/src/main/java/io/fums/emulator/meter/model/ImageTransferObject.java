package io.fums.emulator.meter.model;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.axdr.DataValues;
import io.fums.dlms.cosem.ImageToActivateInfo;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.ObisCode;
import io.fums.emulator.dlms.server.CosemObjectModel.ActionOutcome;
import io.fums.emulator.dlms.server.CosemObjectModel.GetOutcome;
import io.fums.emulator.meter.fault.FaultStep;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;

/**
 * Image transfer (class 18, version 0) at 0-0:44.0.0.255, per the Blue
 * Book: attributes 2 image_block_size, 3 image_transferred_blocks_status,
 * 4 image_first_not_transferred_block_number, 5 image_transfer_enabled
 * (the only writable one), 6 image_transfer_status, 7
 * image_to_activate_info; methods 1 initiate, 2 block transfer (blocks in
 * any order, duplicates overwrite), 3 verify and 4 activate (through
 * {@link UpgradeSteps}).
 *
 * <p>Results: malformed parameters get type-unmatched; a step still in
 * progress temporary-failure; a request that the state does not allow
 * (no transfer initiated, block out of range or of the wrong length,
 * transfer disabled, image too large) other-reason.
 */
final class ImageTransferObject implements CosemObject {

    private static final ActionOutcome TYPE_UNMATCHED = new ActionOutcome(ActionResult.TYPE_UNMATCHED, null);
    private static final ActionOutcome OTHER_REASON = new ActionOutcome(ActionResult.OTHER_REASON, null);
    private static final ActionOutcome BUSY = new ActionOutcome(ActionResult.TEMPORARY_FAILURE, null);
    private static final ActionOutcome LOST = new ActionOutcome(ActionResult.HARDWARE_FAULT, null);
    private final Meter meter;
    private final UpgradeSteps steps;

    ImageTransferObject(Meter meter, UpgradeSteps steps) {
        this.meter = meter;
        this.steps = steps;
    }

    @Override public int classId() { return ImageTransfer.CLASS_ID; }

    @Override public ObisCode name() { return ImageTransfer.LOGICAL_NAME; }

    @Override public int attributeCount() { return 7; }

    @Override public int methodCount() { return 4; }

    @Override
    public GetOutcome get(int attribute) {
        MeterState s = meter.state;
        return GetOutcome.of(switch (attribute) {
            case 2 -> new DataValue.UInt32(meter.spec.blockSize());
            case 3 -> bitmap(s);
            case 4 -> new DataValue.UInt32(firstMissing(s));
            case 5 -> new DataValue.Bool(s.transferEnabled);
            case 6 -> new DataValue.Enumerated(s.status);
            default -> ImageToActivateInfo.toAttribute(s.verified == null ? List.of()
                    : List.of(new ImageToActivateInfo(s.verified.size, hex(s.verified.identifier),
                            hex(s.verified.sha256))));
        });
    }

    @Override
    public DataAccessResult set(int attribute, DataValue value) {
        if (attribute != 5) {
            return DataAccessResult.READ_WRITE_DENIED;
        }
        if (!(value instanceof DataValue.Bool b)) {
            return DataAccessResult.TYPE_UNMATCHED;
        }
        MeterState s = meter.state;
        s.transferEnabled = b.value();
        meter.event("image transfer " + (b.value() ? "enabled" : "disabled"));
        if (!b.value() && s.status >= 1 && s.status <= 4 && s.step == MeterState.Step.NONE) {
            // Disabling the transfer before activation discards the pending image (a cancelled campaign).
            s.status = 0;
            s.blocks = new BitSet();
            s.verified = null;
            s.activationAt = 0;
            MeterState.Bank pending = s.banks[1 - s.activeBank];
            pending.version = null;
            pending.sha256 = null;
            pending.condition = "empty";
            meter.event("pending image discarded");
        }
        meter.save();
        return DataAccessResult.SUCCESS;
    }

    @Override
    public boolean writable(int attribute) {
        return attribute == 5;
    }

    @Override
    public ActionOutcome action(int method, DataValue parameters) {
        try {
            return switch (method) {
                case 1 -> initiate(ImageTransfer.InitiateParameters.fromDataValue(parameters));
                case 2 -> block(ImageTransfer.BlockParameters.fromDataValue(parameters));
                case 3 -> {
                    checkZero(parameters);
                    yield steps.verify();
                }
                default -> {
                    checkZero(parameters);
                    yield steps.activate("image_activate");
                }
            };
        } catch (DlmsCodecException | NullPointerException e) {
            return TYPE_UNMATCHED;
        }
    }

    private ActionOutcome initiate(ImageTransfer.InitiateParameters p) {
        MeterState s = meter.state;
        if (!s.transferEnabled) {
            return refuse("image transfer initiate refused: transfer disabled");
        }
        if (s.step != MeterState.Step.NONE) {
            return BUSY;
        }
        if (p.imageSize() == 0 || p.imageSize() > meter.spec.maxImageSize()) {
            return refuse("image transfer initiate refused: size " + p.imageSize() + " outside 1.."
                    + meter.spec.maxImageSize());
        }
        s.imageIdentifier = HexFormat.of().formatHex(p.identifier());
        s.imageSize = p.imageSize();
        s.transferBlockSize = meter.spec.blockSize();
        s.blocks = new BitSet();
        s.verified = null;
        s.status = 1;
        MeterState.Bank pending = s.banks[1 - s.activeBank];
        pending.version = null;
        pending.sha256 = null;
        pending.size = p.imageSize();
        pending.condition = "receiving";
        meter.store.resetImage(p.imageSize());
        meter.event("image transfer initiated: identifier " + printable(p.identifier()) + ", " + p.imageSize()
                + " octets, " + s.blockCount() + " blocks of " + s.transferBlockSize);
        meter.save();
        return ActionOutcome.success();
    }

    private ActionOutcome block(ImageTransfer.BlockParameters p) {
        MeterState s = meter.state;
        if (!s.transferEnabled) {
            return OTHER_REASON;
        }
        switch (s.status) {
            case 1, 4 -> s.status = 1;
            case 3 -> {
                s.status = 1;
                s.verified = null;
                meter.event("verified image modified by a new block: verify again");
            }
            case 2, 5 -> {
                return BUSY;
            }
            default -> {
                return OTHER_REASON;
            }
        }
        long n = p.blockNumber();
        long count = s.blockCount();
        byte[] data = p.block();
        long expected = n == count - 1 ? s.imageSize - n * s.transferBlockSize : s.transferBlockSize;
        if (n >= count || data.length != expected) {
            return OTHER_REASON;
        }
        if (meter.faults.powerCut(FaultStep.TRANSFER)) {
            meter.powerCut("image transfer, block " + n);
            return LOST;
        }
        if (meter.faults.dropBlock(n)) {
            return ActionOutcome.success();
        }
        if (meter.faults.corruptBlock(n)) {
            data[meter.faults.corruptIndex(data.length)] ^= (byte) 0xFF;
        }
        meter.store.writeBlock(n * s.transferBlockSize, data);
        s.blocks().set((int) n);
        meter.save();
        return ActionOutcome.success();
    }

    private ActionOutcome refuse(String why) {
        meter.event(why);
        meter.save();
        return OTHER_REASON;
    }

    /** image_first_not_transferred_block_number: the block count once all are there (Blue Book). */
    static long firstMissing(MeterState s) {
        long count = s.blockCount();
        return Math.min(s.blocks().nextClearBit(0), count);
    }

    private static DataValue bitmap(MeterState s) {
        int count = (int) s.blockCount();
        byte[] b = new byte[(count + 7) / 8];
        BitSet blocks = s.blocks();
        for (int i = blocks.nextSetBit(0); i >= 0 && i < count; i = blocks.nextSetBit(i + 1)) {
            b[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return new DataValue.BitString(count, b);
    }

    /** image_verify and image_activate take integer 0; any integer (or none) is tolerated. */
    private static void checkZero(DataValue p) throws DlmsCodecException {
        if (p != null && !(p instanceof DataValue.NullData)) {
            DataValues.toLong(p, "image_verify/activate parameter");
        }
    }

    private static byte[] hex(String s) {
        return s == null ? new byte[0] : HexFormat.of().parseHex(s);
    }

    private static String printable(byte[] id) {
        StringBuilder b = new StringBuilder();
        for (byte x : id) {
            b.append(x >= 0x20 && x < 0x7F ? (char) x : '.');
        }
        return "\"" + b + "\"";
    }
}
