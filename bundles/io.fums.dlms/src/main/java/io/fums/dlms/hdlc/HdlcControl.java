package io.fums.dlms.hdlc;

import java.util.Objects;

/**
 * The HDLC control field of IEC 62056-46 (modulo 8): frame type, N(S) for
 * I frames, N(R) for I, RR and RNR frames, and the poll/final bit.
 *
 * <pre>
 * I     RRR P SSS 0        RR    RRR P 0001       RNR   RRR P 0101
 * SNRM  100 P 0011         DISC  010 P 0011       UA    011 F 0011
 * DM    000 F 1111         FRMR  100 F 0111       UI    000 P 0011
 * </pre>
 *
 * @param type            the frame type
 * @param sendSequence    N(S), 0..7, I frames only (0 otherwise)
 * @param receiveSequence N(R), 0..7, I, RR and RNR frames only (0 otherwise)
 * @param pollFinal       the P/F bit
 */
public record HdlcControl(Type type, int sendSequence, int receiveSequence, boolean pollFinal) {

    /** Frame types used by DLMS. */
    public enum Type {
        /** Information. */
        I,
        /** Receive ready. */
        RR,
        /** Receive not ready. */
        RNR,
        /** Set normal response mode. */
        SNRM,
        /** Disconnect. */
        DISC,
        /** Unnumbered acknowledge. */
        UA,
        /** Disconnected mode. */
        DM,
        /** Frame reject. */
        FRMR,
        /** Unnumbered information. */
        UI
    }

    /** Validates the sequence numbers for the type. */
    public HdlcControl {
        Objects.requireNonNull(type, "type");
        if (sendSequence < 0 || sendSequence > 7 || receiveSequence < 0 || receiveSequence > 7) {
            throw new IllegalArgumentException("sequence numbers are 0..7");
        }
        if (type != Type.I && sendSequence != 0
                || type != Type.I && type != Type.RR && type != Type.RNR && receiveSequence != 0) {
            throw new IllegalArgumentException(type + " carries no such sequence number");
        }
    }

    /** An I frame control field. */
    public static HdlcControl information(int sendSequence, int receiveSequence, boolean poll) {
        return new HdlcControl(Type.I, sendSequence, receiveSequence, poll);
    }

    /** An RR frame control field. */
    public static HdlcControl receiveReady(int receiveSequence, boolean poll) {
        return new HdlcControl(Type.RR, 0, receiveSequence, poll);
    }

    /** An unnumbered frame (SNRM, DISC, UA, DM, FRMR, UI) control field. */
    public static HdlcControl unnumbered(Type type, boolean pollFinal) {
        return new HdlcControl(type, 0, 0, pollFinal);
    }

    /** The control byte. */
    public int toByte() {
        int pf = pollFinal ? 0x10 : 0;
        return switch (type) {
            case I -> (receiveSequence << 5) | pf | (sendSequence << 1);
            case RR -> (receiveSequence << 5) | pf | 0x01;
            case RNR -> (receiveSequence << 5) | pf | 0x05;
            case SNRM -> 0x83 | pf;
            case DISC -> 0x43 | pf;
            case UA -> 0x63 | pf;
            case DM -> 0x0F | pf;
            case FRMR -> 0x87 | pf;
            case UI -> 0x03 | pf;
        };
    }

    /** Parses a control byte; {@code null} for a byte that is no DLMS frame type. */
    public static HdlcControl fromByte(int b) {
        boolean pf = (b & 0x10) != 0;
        if ((b & 0x01) == 0) {
            return new HdlcControl(Type.I, (b >>> 1) & 7, (b >>> 5) & 7, pf);
        }
        switch (b & 0x0F) {
            case 0x01:
                return new HdlcControl(Type.RR, 0, (b >>> 5) & 7, pf);
            case 0x05:
                return new HdlcControl(Type.RNR, 0, (b >>> 5) & 7, pf);
            default:
                break;
        }
        Type t = switch (b & 0xEF) {
            case 0x83 -> Type.SNRM;
            case 0x43 -> Type.DISC;
            case 0x63 -> Type.UA;
            case 0x0F -> Type.DM;
            case 0x87 -> Type.FRMR;
            case 0x03 -> Type.UI;
            default -> null;
        };
        return t == null ? null : new HdlcControl(t, 0, 0, pf);
    }

    @Override
    public String toString() {
        return switch (type) {
            case I -> "I(S=" + sendSequence + ",R=" + receiveSequence + (pollFinal ? ",P/F)" : ")");
            case RR, RNR -> type + "(R=" + receiveSequence + (pollFinal ? ",P/F)" : ")");
            default -> type + (pollFinal ? "(P/F)" : "");
        };
    }
}
