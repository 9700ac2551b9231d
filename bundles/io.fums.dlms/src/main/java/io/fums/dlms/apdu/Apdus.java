package io.fums.dlms.apdu;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;

/**
 * Decodes any APDU of this package from its bytes, choosing by the tag:
 * 0x01 InitiateRequest, 0x08 InitiateResponse, 0x0E confirmed-service-error,
 * 0x60 AARQ, 0x61 AARE, 0x62 RLRQ, 0x63 RLRE, 0xC0 GET-Request,
 * 0xC1 SET-Request, 0xC3 ACTION-Request, 0xC4 GET-Response, 0xC5
 * SET-Response, 0xC7 ACTION-Response, 0xD8 exception-response.
 *
 * <p>The APDU must fill the input exactly. Anything malformed, truncated,
 * unknown or beyond the {@link DecodeLimits} throws
 * {@link DlmsCodecException}; nothing else is thrown. Thread-safe.
 */
public final class Apdus {

    private Apdus() {
    }

    /** Decodes with {@link DecodeLimits#DEFAULT}. */
    public static Apdu decode(byte[] bytes) throws DlmsCodecException {
        return decode(bytes, DecodeLimits.DEFAULT);
    }

    /** Decodes one APDU that fills {@code bytes}. */
    public static Apdu decode(byte[] bytes, DecodeLimits limits) throws DlmsCodecException {
        ByteReader r = new ByteReader(bytes);
        int tag = r.peek();
        Apdu apdu = switch (tag) {
            case InitiateRequest.TAG -> InitiateRequest.read(r, limits);
            case InitiateResponse.TAG -> InitiateResponse.read(r);
            case ConfirmedServiceError.TAG -> ConfirmedServiceError.read(r);
            case Aarq.TAG -> AcseCodec.decodeAarq(r, limits);
            case Aare.TAG -> AcseCodec.decodeAare(r, limits);
            case Rlrq.TAG, Rlre.TAG -> AcseCodec.decodeRelease(r, tag, limits);
            case GetRequest.TAG -> ServiceDecoder.getRequest(r, limits);
            case GetResponse.TAG -> ServiceDecoder.getResponse(r, limits);
            case SetRequest.TAG -> ServiceDecoder.setRequest(r, limits);
            case SetResponse.TAG -> ServiceDecoder.setResponse(r);
            case ActionRequest.TAG -> ServiceDecoder.actionRequest(r, limits);
            case ActionResponse.TAG -> ServiceDecoder.actionResponse(r, limits);
            case ExceptionResponse.TAG -> ExceptionResponse.read(r);
            default -> throw r.error("unsupported APDU tag 0x" + Integer.toHexString(tag));
        };
        r.expectEnd("APDU");
        return apdu;
    }

    /** An A-XDR OPTIONAL/DEFAULT presence flag: 0x00 absent, 0x01 present. */
    static boolean optionalFlag(ByteReader r) throws DlmsCodecException {
        int flag = r.u8();
        if (flag > 1) {
            throw r.error("invalid presence flag " + flag);
        }
        return flag == 1;
    }
}
