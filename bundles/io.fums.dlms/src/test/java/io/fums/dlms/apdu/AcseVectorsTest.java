package io.fums.dlms.apdu;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import org.junit.jupiter.api.Test;

/**
 * AARQ, AARE, RLRQ, RLRE against published encodings.
 *
 * <p>"Green Book" vectors are the AARQ/AARE encoding examples of the DLMS UA
 * Green Book (DLMS UA 1000-2, ed. 10, the AARQ/AARE examples around p. 444),
 * as reproduced in the test suite of the independent Python implementation
 * u9n/dlms-cosem (tests/test_asce/test_aarq.py, test_aare.py, test_rlrq.py,
 * test_rlre.py). "Kmethy" vectors are from "Examples for DLMS/COSEM
 * information exchange" by Gyozo Kmethy, published by the DLMS UA in its
 * FAQ. "Gurux" vectors are GXDLMSDirector traces published on pastebin and
 * in GitHub gists (knogi/f3d4853b…).
 */
class AcseVectorsTest {

    static final Conformance GREEN_BOOK_PROPOSED = new Conformance(0x007E1F);

    /** Green Book: AARQ, LN referencing, no security, proposed conformance 00 7E 1F, max PDU 1200. */
    @Test
    void aarqNoSecurity() throws DlmsCodecException {
        byte[] bytes = parse("60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0");
        Aarq aarq = (Aarq) Apdus.decode(bytes);
        assertThat(aarq.knownApplicationContext()).contains(ApplicationContextName.LOGICAL_NAME);
        assertThat(aarq.authentication()).isFalse();
        assertThat(aarq.mechanismName()).isNull();
        InitiateRequest ir = aarq.initiateRequest(DecodeLimits.DEFAULT);
        assertThat(ir).isEqualTo(InitiateRequest.of(GREEN_BOOK_PROPOSED, 1200));
        assertThat(ir.proposedConformance().toSet()).contains(Conformance.Bit.GET, Conformance.Bit.SET,
                Conformance.Bit.ACTION, Conformance.Bit.SELECTIVE_ACCESS, Conformance.Bit.EVENT_NOTIFICATION,
                Conformance.Bit.BLOCK_TRANSFER_WITH_GET_OR_READ, Conformance.Bit.BLOCK_TRANSFER_WITH_SET_OR_WRITE,
                Conformance.Bit.BLOCK_TRANSFER_WITH_ACTION, Conformance.Bit.MULTIPLE_REFERENCES,
                Conformance.Bit.ATTRIBUTE0_SUPPORTED_WITH_GET, Conformance.Bit.PRIORITY_MGMT_SUPPORTED).hasSize(11);
        assertThat(Aarq.of(ApplicationContextName.LOGICAL_NAME, null, null, null, ir).encode()).isEqualTo(bytes);
    }

    /** Green Book: AARQ with low level security, password "12345678". */
    @Test
    void aarqLowLevelSecurity() throws DlmsCodecException {
        byte[] bytes = parse("60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01"
                + " AC 0A 80 08 31 32 33 34 35 36 37 38 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0");
        Aarq aarq = (Aarq) Apdus.decode(bytes);
        assertThat(aarq.authentication()).isTrue();
        assertThat(aarq.knownMechanism()).contains(MechanismName.LOW);
        assertThat(aarq.callingAuthenticationValue()).isEqualTo("12345678".getBytes());
        assertThat(aarq.toString()).doesNotContain("3132");
        Aarq built = Aarq.of(ApplicationContextName.LOGICAL_NAME, MechanismName.LOW, "12345678".getBytes(), null,
                InitiateRequest.of(GREEN_BOOK_PROPOSED, 1200));
        assertThat(built.encode()).isEqualTo(bytes);
        assertThat(built).isEqualTo(aarq);
    }

    /** Green Book: AARQ with HLS mechanism 5 (GMAC), challenge "K56iVagY". */
    @Test
    void aarqHighLevelSecurityGmac() throws DlmsCodecException {
        byte[] bytes = parse("60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 05"
                + " AC 0A 80 08 4B 35 36 69 56 61 67 59 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0");
        Aarq aarq = (Aarq) Apdus.decode(bytes);
        assertThat(aarq.knownMechanism()).contains(MechanismName.HIGH_GMAC);
        assertThat(aarq.mechanismName()).hasToString("2.16.756.5.8.2.5");
        assertThat(aarq.encode()).isEqualTo(bytes);
    }

    /**
     * dlms-cosem: ciphered context (2.16.756.5.8.1.3), calling-AP-title (system
     * title 4D4D4D0000BC614E), LLS, and a glo-initiateRequest (0x21) as
     * user-information: kept opaque, re-encoded byte for byte.
     */
    @Test
    void aarqWithCipheringKeepsUserInformationOpaque() throws DlmsCodecException {
        byte[] bytes = parse("6066A109060760857405080103A60A04084D4D4D0000BC614E8A0207808B0760857405080201AC0A8008"
                + "3132333435363738BE34043221303001234567801302FF8A7874133D414CED25B42534D28DB0047720606B175BD52211"
                + "BE6841DB204D39EE6FDB8E356855");
        Aarq aarq = (Aarq) Apdus.decode(bytes);
        assertThat(aarq.knownApplicationContext()).contains(ApplicationContextName.LOGICAL_NAME_WITH_CIPHERING);
        assertThat(aarq.callingApTitle()).isEqualTo(parse("4D4D4D0000BC614E"));
        assertThat(aarq.userInformation()[0]).isEqualTo((byte) 0x21);
        assertThat(aarq.encode()).isEqualTo(bytes);
        assertThatThrownBy(() -> aarq.initiateRequest(DecodeLimits.DEFAULT)).isInstanceOf(DlmsCodecException.class);
    }

    /** Kmethy: the AARQ inside the example I frame; conformance 00 30 1D, max PDU 0xFFFF. */
    @Test
    void aarqKmethy() throws DlmsCodecException {
        byte[] bytes = parse("601DA109060760857405080101BE10040E01000000065F1F040000301DFFFF");
        InitiateRequest ir = ((Aarq) Apdus.decode(bytes)).initiateRequest(DecodeLimits.DEFAULT);
        assertThat(ir.clientMaxReceivePduSize()).isEqualTo(0xFFFF);
        assertThat(ir.proposedConformance().bits()).isEqualTo(0x00301D);
        assertThat(Apdus.decode(bytes).encode()).isEqualTo(bytes);
    }

    /** Green Book: AARE accepted, negotiated conformance 00 50 1F, server max PDU 500, vaa-name 0x0007. */
    @Test
    void aareAccepted() throws DlmsCodecException {
        byte[] bytes = parse("61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00"
                + " BE 10 04 0E 08 00 06 5F 1F 04 00 00 50 1F 01 F4 00 07");
        Aare aare = (Aare) Apdus.decode(bytes);
        assertThat(aare.result()).isEqualTo(AssociationResult.ACCEPTED);
        assertThat(aare.diagnostic()).isEqualTo(ResultSourceDiagnostic.user(ResultSourceDiagnostic.NULL));
        InitiateResponse response = (InitiateResponse) aare.initiateOutcome(DecodeLimits.DEFAULT);
        assertThat(response).isEqualTo(InitiateResponse.of(new Conformance(0x00501F), 500));
        assertThat(response.negotiatedConformance().has(Conformance.Bit.BLOCK_TRANSFER_WITH_GET_OR_READ)).isTrue();
        assertThat(response.negotiatedConformance().has(Conformance.Bit.BLOCK_TRANSFER_WITH_ACTION)).isFalse();
        assertThat(Aare.of(ApplicationContextName.LOGICAL_NAME, AssociationResult.ACCEPTED,
                ResultSourceDiagnostic.user(0), response).encode()).isEqualTo(bytes);
    }

    /** Green Book: AARE rejected-permanent, application-context-name-not-supported. */
    @Test
    void aareRejectedContext() throws DlmsCodecException {
        byte[] bytes = parse("6129A109060760857405080101A203020101A305A103020102BE10040E0800065F1F040000501F01F40007");
        Aare aare = (Aare) Apdus.decode(bytes);
        assertThat(aare.result()).isEqualTo(AssociationResult.REJECTED_PERMANENT);
        assertThat(aare.diagnostic().value()).isEqualTo(ResultSourceDiagnostic.APPLICATION_CONTEXT_NAME_NOT_SUPPORTED);
        assertThat(aare.encode()).isEqualTo(bytes);
    }

    /** Green Book: AARE refusing the InitiateRequest: confirmed-service-error initiateError, dlms-version-too-low. */
    @Test
    void aareDlmsVersionTooLow() throws DlmsCodecException {
        byte[] bytes = parse("611FA109060760857405080101A203020101A305A103020101BE0604040E010601");
        Aare aare = (Aare) Apdus.decode(bytes);
        assertThat(aare.initiateOutcome(DecodeLimits.DEFAULT)).isEqualTo(
                ConfirmedServiceError.initiateError(ConfirmedServiceError.INITIATE_DLMS_VERSION_TOO_LOW));
        assertThat(Aare.of(ApplicationContextName.LOGICAL_NAME, AssociationResult.REJECTED_PERMANENT,
                ResultSourceDiagnostic.user(1), ConfirmedServiceError.initiateError(1)).encode()).isEqualTo(bytes);
    }

    /** Green Book: AARE for HLS GMAC: authentication-required, responder's challenge "P6wRJ21F". */
    @Test
    void aareHighLevelSecurity() throws DlmsCodecException {
        byte[] bytes = parse("6142A109060760857405080101A203020100A305A10302010E88020780890760857405080205AA0A8008"
                + "503677524A323146BE10040E0800065F1F040000501F01F40007");
        Aare aare = (Aare) Apdus.decode(bytes);
        assertThat(aare.diagnostic().value()).isEqualTo(ResultSourceDiagnostic.AUTHENTICATION_REQUIRED);
        assertThat(aare.authentication()).isTrue();
        assertThat(MechanismName.of(aare.mechanismName())).contains(MechanismName.HIGH_GMAC);
        assertThat(aare.respondingAuthenticationValue()).isEqualTo("P6wRJ21F".getBytes());
        assertThat(aare.encode()).isEqualTo(bytes);
    }

    /** Gurux trace: an AARE whose length uses the long form "61 82 00 29"; decoding accepts it. */
    @Test
    void aareWithLongFormLength() throws DlmsCodecException {
        byte[] bytes = parse("61 82 00 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00"
                + " BE 10 04 0E 08 00 06 5F 1F 04 00 00 10 1D 03 EF 00 07");
        Aare aare = (Aare) Apdus.decode(bytes);
        InitiateResponse ir = (InitiateResponse) aare.initiateOutcome(DecodeLimits.DEFAULT);
        assertThat(ir.serverMaxReceivePduSize()).isEqualTo(0x03EF);
        assertThat(aare.encode()).hasSize(bytes.length - 2);
    }

    /** dlms-cosem: RLRQ and RLRE with reason normal; RLRE carrying an InitiateResponse with QoS present. */
    @Test
    void release() throws DlmsCodecException {
        assertThat(Apdus.decode(parse("62 03 80 01 00"))).isEqualTo(new Rlrq(Rlrq.REASON_NORMAL, null));
        assertThat(new Rlrq(0, null).encode()).isEqualTo(parse("62 03 80 01 00"));
        assertThat(Apdus.decode(parse("63 03 80 01 00"))).isEqualTo(new Rlre(Rlre.REASON_NORMAL, null));
        byte[] rlre = parse("6316800100BE11040F080100065F1F0400001E1D04C80007");
        Rlre r = (Rlre) Apdus.decode(rlre);
        InitiateResponse ir = (InitiateResponse) Apdus.decode(r.userInformation());
        assertThat(ir.negotiatedQualityOfService()).isEqualTo(0);
        assertThat(ir.serverMaxReceivePduSize()).isEqualTo(1224);
        assertThat(r.encode()).isEqualTo(rlre);
        byte[] rlrq = parse("6239800100BE34043221303001234567801302FF8A7874133D414CED25B42534D28DB0047720606B175B"
                + "D52211BE6841DB204D39EE6FDB8E356855");
        assertThat(Apdus.decode(rlrq).encode()).isEqualTo(rlrq);
        assertThat(Apdus.decode(parse("62 00"))).isEqualTo(new Rlrq(null, null));
    }

    @Test
    void malformedAcseIsRefused() {
        for (String hex : new String[] {
            "60 00", // no application context
            "60 1D A1 09 06 07 60 85 74 05 08 01", // truncated
            "60 05 A1 03 06 01 80", // non-minimal OID
            "61 0B A1 09 06 07 60 85 74 05 08 01 01", // AARE without result
            "60 0C A1 09 06 07 60 85 74 05 08 01 01 00", // a field without length
            "62 03 80 01 00 00", // trailing byte after
            "60 80 00 00", // indefinite length
            "61 12 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 03 A3 00"}) { // unknown result
            assertThatThrownBy(() -> Apdus.decode(parse(hex))).as(hex).isInstanceOf(DlmsCodecException.class);
        }
    }
}
