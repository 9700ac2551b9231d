package io.fums.dlms.apdu;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;
import io.fums.dlms.internal.Hex;
import java.util.Arrays;
import java.util.Objects;

/**
 * xDLMS InitiateRequest (tag 0x01), carried in the AARQ's user-information:
 * the client's proposed conformance, DLMS version (6) and the largest APDU
 * it can receive.
 *
 * @param dedicatedKey                 dedicated key for ciphering, or {@code null}
 * @param responseAllowed              whether the server answers (DEFAULT TRUE)
 * @param proposedQualityOfService     quality of service, or {@code null}
 * @param proposedDlmsVersion          DLMS version, 6
 * @param proposedConformance          services the client wants
 * @param clientMaxReceivePduSize      largest APDU the client accepts, 0..65535 (0 = no limit)
 */
public record InitiateRequest(byte[] dedicatedKey, boolean responseAllowed, Integer proposedQualityOfService,
        int proposedDlmsVersion, Conformance proposedConformance, int clientMaxReceivePduSize) implements Apdu {

    /** Tag of InitiateRequest. */
    public static final int TAG = 0x01;
    /** The DLMS version of this codec. */
    public static final int DLMS_VERSION = 6;

    /** Validates and copies. */
    public InitiateRequest {
        dedicatedKey = dedicatedKey == null ? null : dedicatedKey.clone();
        if (proposedQualityOfService != null && (proposedQualityOfService < -128 || proposedQualityOfService > 127)) {
            throw new IllegalArgumentException("quality of service is an Integer8");
        }
        if (proposedDlmsVersion < 0 || proposedDlmsVersion > 255) {
            throw new IllegalArgumentException("DLMS version is an Unsigned8");
        }
        Objects.requireNonNull(proposedConformance, "proposedConformance");
        if (clientMaxReceivePduSize < 0 || clientMaxReceivePduSize > 0xFFFF) {
            throw new IllegalArgumentException("max PDU size is an Unsigned16");
        }
    }

    /** The usual request: no dedicated key, response allowed, version 6. */
    public static InitiateRequest of(Conformance conformance, int clientMaxReceivePduSize) {
        return new InitiateRequest(null, true, null, DLMS_VERSION, conformance, clientMaxReceivePduSize);
    }

    @Override
    public byte[] dedicatedKey() {
        return dedicatedKey == null ? null : dedicatedKey.clone();
    }

    @Override
    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        w.u8(TAG);
        if (dedicatedKey == null) {
            w.u8(0);
        } else {
            w.u8(1).length(dedicatedKey.length).bytes(dedicatedKey);
        }
        if (responseAllowed) {
            w.u8(0); // DEFAULT TRUE: not encoded
        } else {
            w.u8(1).u8(0);
        }
        if (proposedQualityOfService == null) {
            w.u8(0);
        } else {
            w.u8(1).u8(proposedQualityOfService);
        }
        w.u8(proposedDlmsVersion);
        proposedConformance.write(w);
        w.u16(clientMaxReceivePduSize);
        return w.toByteArray();
    }

    static InitiateRequest read(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        if (r.u8() != TAG) {
            throw r.error("not an InitiateRequest");
        }
        byte[] key = null;
        if (Apdus.optionalFlag(r)) {
            key = r.bytes(r.length(limits.maxLength()));
        }
        boolean responseAllowed = !Apdus.optionalFlag(r) || r.u8() != 0;
        Integer qos = Apdus.optionalFlag(r) ? r.i8() : null;
        int version = r.u8();
        Conformance conformance = Conformance.read(r);
        int maxPdu = r.u16();
        return new InitiateRequest(key, responseAllowed, qos, version, conformance, maxPdu);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InitiateRequest x && Arrays.equals(x.dedicatedKey, dedicatedKey)
                && x.responseAllowed == responseAllowed
                && Objects.equals(x.proposedQualityOfService, proposedQualityOfService)
                && x.proposedDlmsVersion == proposedDlmsVersion
                && x.proposedConformance.equals(proposedConformance)
                && x.clientMaxReceivePduSize == clientMaxReceivePduSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(dedicatedKey), responseAllowed, proposedQualityOfService,
                proposedDlmsVersion, proposedConformance, clientMaxReceivePduSize);
    }

    @Override
    public String toString() {
        return "InitiateRequest[dedicatedKey=" + (dedicatedKey == null ? "none" : Hex.format(dedicatedKey))
                + ", responseAllowed=" + responseAllowed + ", qos=" + proposedQualityOfService
                + ", version=" + proposedDlmsVersion + ", " + proposedConformance
                + ", clientMaxReceivePduSize=" + clientMaxReceivePduSize + "]";
    }
}
