package io.fums.dlms.security;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;
import io.fums.dlms.internal.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * A glo- or ded-ciphered xDLMS APDU (Green Book 9.2.7.2.4): the ciphered
 * tag, an A-XDR length, the security header (security control byte and
 * 4-byte invocation counter) and the protected payload (ciphertext and/or
 * authentication tag, see {@link SecuritySuite0}).
 *
 * @param tag               the ciphered APDU's tag, e.g. 0xC8 glo-get-request
 * @param securityControl   SC: bit 4 authentication, bit 5 encryption, bits 0-3 suite id
 * @param invocationCounter IC, 0..4294967295
 * @param payload           ciphertext and tag
 */
public record CipheredApdu(int tag, int securityControl, long invocationCounter, byte[] payload) {

    /** Validates and copies. */
    public CipheredApdu {
        if (plainTag(tag) < 0) {
            throw new IllegalArgumentException("not a ciphered APDU tag: 0x" + Integer.toHexString(tag));
        }
        if (securityControl < 0 || securityControl > 0xFF || invocationCounter < 0
                || invocationCounter > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("security header out of range");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The encoding: tag, length, SC, IC, payload. */
    public byte[] encode() {
        ByteWriter w = new ByteWriter(payload.length + 12);
        w.u8(tag).length(5L + payload.length).u8(securityControl).u32(invocationCounter).bytes(payload);
        return w.toByteArray();
    }

    /** Decodes one ciphered APDU that fills {@code bytes}. */
    public static CipheredApdu decode(byte[] bytes, DecodeLimits limits) throws DlmsCodecException {
        ByteReader r = new ByteReader(bytes);
        int tag = r.u8();
        if (plainTag(tag) < 0) {
            throw r.error("not a ciphered APDU tag 0x" + Integer.toHexString(tag));
        }
        long length = r.length(limits.maxLength());
        if (length < 5) {
            throw r.error("ciphered APDU too short for its security header: " + length);
        }
        ByteReader body = r.slice(length);
        r.expectEnd("ciphered APDU");
        int sc = body.u8();
        long ic = body.u32();
        return new CipheredApdu(tag, sc, ic, body.bytes(body.remaining()));
    }

    /** Whether {@code tag} is a glo- or ded-ciphered APDU tag handled here. */
    public static boolean isCiphered(int tag) {
        return plainTag(tag) >= 0;
    }

    /** Whether {@code tag} is a ded-ciphered tag (dedicated key). */
    public static boolean isDedicated(int tag) {
        return tag >= 0xD0 && tag <= 0xD7 && plainTag(tag) >= 0;
    }

    /** The glo-ciphered tag of a plain APDU tag, or -1. */
    public static int gloTag(int plainTag) {
        return switch (plainTag) {
            case 0x01 -> 0x21; // initiateRequest
            case 0x08 -> 0x28; // initiateResponse
            case 0x0E -> 0x2E; // confirmedServiceError
            case 0xC0, 0xC1, 0xC3, 0xC4, 0xC5, 0xC7 -> plainTag + 8; // get/set/action request/response
            default -> -1;
        };
    }

    /** The ded-ciphered tag of a plain APDU tag, or -1. */
    public static int dedTag(int plainTag) {
        return switch (plainTag) {
            case 0xC0, 0xC1, 0xC3, 0xC4, 0xC5, 0xC7 -> plainTag + 0x10;
            default -> -1;
        };
    }

    /** The plain tag of a ciphered tag, or -1 if {@code tag} is not one handled here. */
    public static int plainTag(int tag) {
        return switch (tag) {
            case 0x21 -> 0x01;
            case 0x28 -> 0x08;
            case 0x2E -> 0x0E;
            case 0xC8, 0xC9, 0xCB, 0xCC, 0xCD, 0xCF -> tag - 8;
            case 0xD0, 0xD1, 0xD3, 0xD4, 0xD5, 0xD7 -> tag - 0x10;
            default -> -1;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CipheredApdu c && c.tag == tag && c.securityControl == securityControl
                && c.invocationCounter == invocationCounter && Arrays.equals(c.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tag, securityControl, invocationCounter, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "CipheredApdu[tag=0x" + Integer.toHexString(tag) + ", SC=0x" + Integer.toHexString(securityControl)
                + ", IC=" + invocationCounter + ", " + Hex.format(payload) + "]";
    }
}
