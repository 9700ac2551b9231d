package io.fums.dlms.apdu;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;
import io.fums.dlms.internal.ByteWriter;
import java.util.Objects;

/**
 * xDLMS InitiateResponse (tag 0x08), carried in the AARE's user-information:
 * the negotiated conformance and DLMS version and the largest APDU the
 * server accepts.
 *
 * @param negotiatedQualityOfService quality of service, or {@code null}
 * @param negotiatedDlmsVersion      DLMS version, 6
 * @param negotiatedConformance      services both sides support
 * @param serverMaxReceivePduSize    largest APDU the server accepts, 0..65535
 * @param vaaName                    0x0007 for logical-name, 0xFA00 for short-name referencing
 */
public record InitiateResponse(Integer negotiatedQualityOfService, int negotiatedDlmsVersion,
        Conformance negotiatedConformance, int serverMaxReceivePduSize, int vaaName) implements Apdu {

    /** Tag of InitiateResponse. */
    public static final int TAG = 0x08;
    /** vaa-name of logical-name referencing. */
    public static final int VAA_NAME_LN = 0x0007;

    /** Validates the ranges. */
    public InitiateResponse {
        if (negotiatedQualityOfService != null
                && (negotiatedQualityOfService < -128 || negotiatedQualityOfService > 127)) {
            throw new IllegalArgumentException("quality of service is an Integer8");
        }
        if (negotiatedDlmsVersion < 0 || negotiatedDlmsVersion > 255) {
            throw new IllegalArgumentException("DLMS version is an Unsigned8");
        }
        Objects.requireNonNull(negotiatedConformance, "negotiatedConformance");
        if (serverMaxReceivePduSize < 0 || serverMaxReceivePduSize > 0xFFFF) {
            throw new IllegalArgumentException("max PDU size is an Unsigned16");
        }
        if (vaaName < -0x8000 || vaaName > 0xFFFF) {
            throw new IllegalArgumentException("vaa-name is 16 bits");
        }
        vaaName &= 0xFFFF;
    }

    /** The usual response for logical-name referencing, version 6. */
    public static InitiateResponse of(Conformance conformance, int serverMaxReceivePduSize) {
        return new InitiateResponse(null, InitiateRequest.DLMS_VERSION, conformance, serverMaxReceivePduSize,
                VAA_NAME_LN);
    }

    @Override
    public byte[] encode() {
        ByteWriter w = new ByteWriter(16);
        w.u8(TAG);
        if (negotiatedQualityOfService == null) {
            w.u8(0);
        } else {
            w.u8(1).u8(negotiatedQualityOfService);
        }
        w.u8(negotiatedDlmsVersion);
        negotiatedConformance.write(w);
        w.u16(serverMaxReceivePduSize).u16(vaaName);
        return w.toByteArray();
    }

    static InitiateResponse read(ByteReader r) throws DlmsCodecException {
        if (r.u8() != TAG) {
            throw r.error("not an InitiateResponse");
        }
        Integer qos = Apdus.optionalFlag(r) ? r.i8() : null;
        int version = r.u8();
        Conformance conformance = Conformance.read(r);
        int maxPdu = r.u16();
        int vaa = r.u16();
        return new InitiateResponse(qos, version, conformance, maxPdu, vaa);
    }
}
