package io.fums.dlms.apdu;

import io.fums.dlms.internal.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * RLRE, the ACSE release response (tag 0x63, BER).
 *
 * @param reason          [0] reason: 0 normal, 1 not-finished, 30 user-defined; or {@code null}
 * @param userInformation [30] user-information (an InitiateResponse when ciphering is used), or {@code null}
 */
public record Rlre(Integer reason, byte[] userInformation) implements Apdu {

    /** Tag of RLRE. */
    public static final int TAG = 0x63;
    /** Release-response-reason normal. */
    public static final int REASON_NORMAL = 0;

    /** Validates and copies. */
    public Rlre {
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
        return Rlrq.encodeRelease(TAG, reason, userInformation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rlre x && Objects.equals(x.reason, reason)
                && Arrays.equals(x.userInformation, userInformation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, Arrays.hashCode(userInformation));
    }

    @Override
    public String toString() {
        return "Rlre[reason=" + reason + ", userInformation=" + Hex.format(userInformation) + "]";
    }
}
