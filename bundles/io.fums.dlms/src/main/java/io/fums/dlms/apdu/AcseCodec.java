package io.fums.dlms.apdu;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;

/**
 * BER decoding of the ACSE APDUs. Fields DLMS does not use (called-*,
 * invocation identifiers, implementation-information, protocol-version) and
 * unknown context tags are skipped; every field must fill its declared length.
 */
final class AcseCodec {

    private AcseCodec() {
    }

    static Aarq decodeAarq(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        ByteReader body = outer(r, Aarq.TAG, limits, "AARQ");
        Oid context = null;
        byte[] apTitle = null;
        byte[] aeQualifier = null;
        boolean authentication = false;
        Oid mechanism = null;
        byte[] authValue = null;
        byte[] userInformation = null;
        while (body.hasRemaining()) {
            int tag = Ber.tag(body);
            ByteReader c = Ber.content(body, limits);
            switch (tag) {
                case 0xA1 -> context = Oid.fromContent(Ber.expect(c, Ber.OBJECT_IDENTIFIER, limits, "context name"));
                case 0xA6 -> apTitle = Ber.expect(c, Ber.OCTET_STRING, limits, "calling-AP-title");
                case 0xA7 -> aeQualifier = Ber.expect(c, Ber.OCTET_STRING, limits, "calling-AE-qualifier");
                case 0x8A -> authentication = Ber.authenticationBit(c);
                case 0x8B -> mechanism = Oid.fromContent(c.bytes(c.remaining()));
                case 0xAC -> authValue = Ber.authenticationValue(c, limits);
                case 0xBE -> userInformation = Ber.expect(c, Ber.OCTET_STRING, limits, "user-information");
                default -> c.skip(c.remaining()); // fields DLMS does not use
            }
        }
        if (context == null) {
            throw r.error("AARQ without application-context-name");
        }
        return new Aarq(context, apTitle, aeQualifier, authentication, mechanism, authValue, userInformation);
    }

    static Aare decodeAare(ByteReader r, DecodeLimits limits) throws DlmsCodecException {
        ByteReader body = outer(r, Aare.TAG, limits, "AARE");
        Oid context = null;
        AssociationResult result = null;
        ResultSourceDiagnostic diagnostic = null;
        byte[] apTitle = null;
        byte[] aeQualifier = null;
        boolean authentication = false;
        Oid mechanism = null;
        byte[] authValue = null;
        byte[] userInformation = null;
        while (body.hasRemaining()) {
            int tag = Ber.tag(body);
            ByteReader c = Ber.content(body, limits);
            switch (tag) {
                case 0xA1 -> context = Oid.fromContent(Ber.expect(c, Ber.OBJECT_IDENTIFIER, limits, "context name"));
                case 0xA2 -> {
                    int v = Ber.smallInteger(c, limits, "association result");
                    if (v >= AssociationResult.values().length) {
                        throw c.error("unknown association result " + v);
                    }
                    result = AssociationResult.values()[v];
                }
                case 0xA3 -> diagnostic = diagnostic(c, limits);
                case 0xA4 -> apTitle = Ber.expect(c, Ber.OCTET_STRING, limits, "responding-AP-title");
                case 0xA5 -> aeQualifier = Ber.expect(c, Ber.OCTET_STRING, limits, "responding-AE-qualifier");
                case 0x88 -> authentication = Ber.authenticationBit(c);
                case 0x89 -> mechanism = Oid.fromContent(c.bytes(c.remaining()));
                case 0xAA -> authValue = Ber.authenticationValue(c, limits);
                case 0xBE -> userInformation = Ber.expect(c, Ber.OCTET_STRING, limits, "user-information");
                default -> c.skip(c.remaining());
            }
        }
        if (context == null || result == null || diagnostic == null) {
            throw r.error("AARE lacks application-context-name, result or result-source-diagnostic");
        }
        return new Aare(context, result, diagnostic, apTitle, aeQualifier, authentication, mechanism, authValue,
                userInformation);
    }

    private static ResultSourceDiagnostic diagnostic(ByteReader c, DecodeLimits limits) throws DlmsCodecException {
        int choice = Ber.tag(c);
        if (choice != 0xA1 && choice != 0xA2) {
            throw c.error("unknown result-source-diagnostic choice " + Integer.toHexString(choice));
        }
        ByteReader inner = Ber.content(c, limits);
        c.expectEnd("result-source-diagnostic");
        int v = Ber.smallInteger(inner, limits, "diagnostic");
        if (v > 255) {
            throw inner.error("diagnostic out of range: " + v);
        }
        return new ResultSourceDiagnostic(choice == 0xA2, v);
    }

    /** RLRQ or RLRE: {@code [0] reason} and {@code [30] user-information}, both optional. */
    static Apdu decodeRelease(ByteReader r, int tag, DecodeLimits limits) throws DlmsCodecException {
        ByteReader body = outer(r, tag, limits, tag == Rlrq.TAG ? "RLRQ" : "RLRE");
        Integer reason = null;
        byte[] userInformation = null;
        while (body.hasRemaining()) {
            int t = Ber.tag(body);
            ByteReader c = Ber.content(body, limits);
            switch (t) {
                case 0x80 -> {
                    if (c.remaining() < 1 || c.remaining() > 2) {
                        throw c.error("release reason must have 1 or 2 octets");
                    }
                    int v = 0;
                    while (c.hasRemaining()) {
                        v = (v << 8) | c.u8();
                    }
                    if (v > 255) {
                        throw c.error("release reason out of range: " + v);
                    }
                    reason = v;
                }
                case 0xBE -> userInformation = Ber.expect(c, Ber.OCTET_STRING, limits, "user-information");
                default -> c.skip(c.remaining());
            }
        }
        return tag == Rlrq.TAG ? new Rlrq(reason, userInformation) : new Rlre(reason, userInformation);
    }

    private static ByteReader outer(ByteReader r, int tag, DecodeLimits limits, String what)
            throws DlmsCodecException {
        if (r.u8() != tag) {
            throw r.error("not an " + what);
        }
        return Ber.content(r, limits);
    }
}
