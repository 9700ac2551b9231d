package io.fums.dlms.apdu;

import io.fums.dlms.internal.ByteWriter;
import io.fums.dlms.internal.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * RLRQ, the ACSE release request (tag 0x62, BER).
 *
 * @param reason          [0] reason: 0 normal, 1 urgent, 30 user-defined; or {@code null}
 * @param userInformation [30] user-information (an InitiateRequest when ciphering is used), or {@code null}
 */
public record Rlrq(Integer reason, byte[] userInformation) implements Apdu {

    /** Tag of RLRQ. */
    public static final int TAG = 0x62;
    /** Release-request-reason normal. */
    public static final int REASON_NORMAL = 0;

    /** Validates and copies. */
    public Rlrq {
        if (reason != null && (reason < 0 || reason > 255)) {
            throw new IllegalArgumentException("release reason out of range: " + reason);
        }
        userInformation = Aarq.copy(userInformation);
    }

    @Override
    public byte[] userInformation() {
        return Aarq.copy(userInformation);
    }

    @Override
    public byte[] encode() {
        return encodeRelease(TAG, reason, userInformation);
    }

    static byte[] encodeRelease(int tag, Integer reason, byte[] userInformation) {
        ByteWriter body = new ByteWriter(16);
        if (reason != null) {
            Ber.tlv(body, 0x80, Aare.integerContent(reason));
        }
        if (userInformation != null) {
            Ber.tlv(body, 0xBE, Ber.tlv(Ber.OCTET_STRING, userInformation));
        }
        return Ber.tlv(tag, body.toByteArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rlrq x && Objects.equals(x.reason, reason)
                && Arrays.equals(x.userInformation, userInformation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, Arrays.hashCode(userInformation));
    }

    @Override
    public String toString() {
        return "Rlrq[reason=" + reason + ", userInformation=" + Hex.format(userInformation) + "]";
    }
}
