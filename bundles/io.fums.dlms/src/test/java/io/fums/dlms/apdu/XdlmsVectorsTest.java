package io.fums.dlms.apdu;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.CosemDateTime;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ObisCode;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET, SET, ACTION and error APDUs against published encodings. Unless
 * stated otherwise the vectors come from the test suite of the independent
 * Python implementation u9n/dlms-cosem (tests/test_xdlms/test_get.py,
 * test_set.py, test_action.py), most of them captured from meters; the SET
 * block example is the Green Book's Table 137 "Writing the value of a single
 * attribute with block transfer", as quoted there.
 */
class XdlmsVectorsTest {

    static final InvokeIdAndPriority C1 = InvokeIdAndPriority.of(1);

    private static void assertRoundTrip(String hex, Apdu expected) throws DlmsCodecException {
        byte[] bytes = parse(hex);
        assertThat(Apdus.decode(bytes)).isEqualTo(expected);
        assertThat(expected.encode()).isEqualTo(bytes);
    }

    @Test
    void invokeIdAndPriority() {
        assertThat(C1.toByte()).isEqualTo(0xC1);
        assertThat(InvokeIdAndPriority.fromByte(0x81)).isEqualTo(new InvokeIdAndPriority(1, false, true));
        assertThat(InvokeIdAndPriority.fromByte(0xC0)).isEqualTo(InvokeIdAndPriority.of(0));
    }

    /** GET-Request-Normal: class 1, 0-0:43.1.0.255 (invocation counter), attribute 2. */
    @Test
    void getRequestNormal() throws DlmsCodecException {
        assertRoundTrip("C0 01 C1 00 01 00 00 2B 01 00 FF 02 00", new GetRequest.Normal(C1,
                new CosemAttributeDescriptor(1, ObisCode.parse("0-0:43.1.0.255"), 2), null));
    }

    /** Gurux trace (knogi gist): GET of the current association's object_list (class 15, 0-0:40.0.0.255, attr 2). */
    @Test
    void getRequestObjectList() throws DlmsCodecException {
        assertRoundTrip("C0 01 C1 00 0F 00 00 28 00 00 FF 02 00", new GetRequest.Normal(C1,
                new CosemAttributeDescriptor(15, CosemObjects.CURRENT_ASSOCIATION, 2), null));
    }

    @Test
    void getRequestNextAndWithList() throws DlmsCodecException {
        assertRoundTrip("C0 02 C1 00 00 00 01", new GetRequest.Next(C1, 1));
        assertRoundTrip("C0 03 C1 02 00 01 00 00 2A 00 00 FF 02 00 00 08 00 00 01 00 00 FF 02 00",
                new GetRequest.WithList(C1, List.of(
                        new GetRequest.Item(new CosemAttributeDescriptor(1, ObisCode.parse("0-0:42.0.0.255"), 2), null),
                        new GetRequest.Item(CosemObjects.CLOCK_TIME, null))));
    }

    @Test
    void getResponseNormal() throws DlmsCodecException {
        assertRoundTrip("C4 01 C1 00 06 00 00 13 91",
                new GetResponse.Normal(C1, new GetDataResult.Data(new DataValue.UInt32(5009))));
        assertRoundTrip("C4 01 C1 01 01",
                new GetResponse.Normal(C1, new GetDataResult.Failure(DataAccessResult.HARDWARE_FAULT)));
    }

    /** Long GET: first block (raw-data length in 0x82 form), and a last block carrying an error. */
    @Test
    void getResponseWithDatablock() throws DlmsCodecException {
        byte[] raw = new byte[0x049E];
        byte[] head = parse("01 82 05 A0 02 04 09 0C 07 E3 0C 13 04 02 00 00 00 FF C4 00");
        System.arraycopy(head, 0, raw, 0, head.length);
        byte[] apdu = new byte[12 + raw.length];
        System.arraycopy(parse("C4 02 C1 00 00 00 00 01 00 82 04 9E"), 0, apdu, 0, 12);
        System.arraycopy(raw, 0, apdu, 12, raw.length);
        GetResponse.WithDatablock block = (GetResponse.WithDatablock) Apdus.decode(apdu);
        assertThat(block.lastBlock()).isFalse();
        assertThat(block.blockNumber()).isEqualTo(1);
        assertThat(block.rawData()).isEqualTo(raw);
        assertThat(block.encode()).isEqualTo(apdu);

        assertRoundTrip("C4 02 C1 01 00 00 00 13 01 01",
                new GetResponse.WithDatablock(C1, true, 19, null, DataAccessResult.HARDWARE_FAULT));
    }

    @Test
    void getResponseWithList() throws DlmsCodecException {
        assertRoundTrip("C4 03 C1 02 00 09 10 49 53 4B 31 30 33 30 37 37 37 37 36 34 33 36 36"
                + " 00 09 0C 07 E5 06 03 04 0E 09 17 00 FF C4 00", new GetResponse.WithList(C1, List.of(
                        new GetDataResult.Data(new DataValue.OctetString("ISK1030777764366".getBytes())),
                        new GetDataResult.Data(new DataValue.OctetString(parse("07 E5 06 03 04 0E 09 17 00 FF C4 00"))))));
    }

    /** SET-Request-Normal writing the clock (class 8, 0-0:1.0.0.255, attribute 2). */
    @Test
    void setRequestNormalClock() throws DlmsCodecException {
        SetRequest.Normal set = (SetRequest.Normal) Apdus.decode(
                parse("C1 01 C1 00 08 00 00 01 00 00 FF 02 00 09 0C 07 E5 01 18 FF 0E 30 39 50 FF C4 00"));
        assertThat(set.attribute()).isEqualTo(CosemObjects.CLOCK_TIME);
        assertThat(CosemDateTime.fromDataValue(set.value()).toOffsetDateTime())
                .isEqualTo(OffsetDateTime.parse("2021-01-24T14:48:57.80+01:00"));
        assertRoundTrip("C1 01 C1 00 08 00 00 01 00 00 FF 02 00 09 0C 07 E5 01 18 FF 0E 30 39 50 FF C4 00", set);
    }

    /** Green Book Table 137: SET-Request-With-First-Datablock to 0-0:128.0.0.255 attribute 2, block 1 of 21 octets. */
    @Test
    void setRequestWithFirstDatablock() throws DlmsCodecException {
        assertRoundTrip("C1 02 C1 00 01 00 00 80 00 00 FF 02 00 00 00 00 00 01 15"
                + " 09 32 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19",
                new SetRequest.WithFirstDatablock(C1, new CosemAttributeDescriptor(1, ObisCode.parse("0-0:128.0.0.255"), 2),
                        null, new DataBlock(false, 1, parse("09 32 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19"))));
        assertRoundTrip("C1 03 C1 01 00 00 00 02 02 20 21",
                new SetRequest.WithDatablock(C1, new DataBlock(true, 2, parse("20 21"))));
    }

    @Test
    void setResponses() throws DlmsCodecException {
        assertRoundTrip("C5 01 C1 00", new SetResponse.Normal(C1, DataAccessResult.SUCCESS));
        assertRoundTrip("C5 02 C1 00 00 00 01", new SetResponse.Datablock(C1, 1));
        assertRoundTrip("C5 03 C1 00 00 00 00 02", new SetResponse.LastDatablock(C1, DataAccessResult.SUCCESS, 2));
    }

    /** ACTION on the association (class 15, 0-0:40.0.0.255) method 1, reply_to_HLS_authentication, with and without parameters. */
    @Test
    void actionRequestNormal() throws DlmsCodecException {
        CosemMethodDescriptor m = new CosemMethodDescriptor(15, CosemObjects.CURRENT_ASSOCIATION, 1);
        assertRoundTrip("C3 01 C0 00 0F 00 00 28 00 00 FF 01 01 09 11 10 00 00 1A 90 E6 D2 22 1F A2 FD 85 EE D6 1A CC 22",
                new ActionRequest.Normal(InvokeIdAndPriority.of(0), m,
                        new DataValue.OctetString(parse("10 00 00 1A 90 E6 D2 22 1F A2 FD 85 EE D6 1A CC 22"))));
        assertRoundTrip("C3 01 C0 00 0F 00 00 28 00 00 FF 01 00", new ActionRequest.Normal(InvokeIdAndPriority.of(0), m, null));
    }

    @Test
    void actionResponseNormal() throws DlmsCodecException {
        InvokeIdAndPriority c0 = InvokeIdAndPriority.of(0);
        assertRoundTrip("C7 01 C0 00 00", new ActionResponse.Normal(c0, ActionResult.SUCCESS, null));
        assertRoundTrip("C7 01 C0 00 01 00 09 11 10 00 00 1A FD E8 85 7B 72 8A 34 99 10 6A A6 65 D1",
                new ActionResponse.Normal(c0, ActionResult.SUCCESS, new GetDataResult.Data(
                        new DataValue.OctetString(parse("10 00 00 1A FD E8 85 7B 72 8A 34 99 10 6A A6 65 D1")))));
        assertRoundTrip("C7 01 C0 00 01 01 FA", new ActionResponse.Normal(c0, ActionResult.SUCCESS,
                new GetDataResult.Failure(DataAccessResult.OTHER_REASON)));
    }

    /**
     * Green Book ExceptionResponse: state-error, service-error choice, and the
     * invocation counter only for invocation-counter-error. Derived from the
     * ASN.1 (no published byte example found).
     */
    @Test
    void exceptionResponse() throws DlmsCodecException {
        assertRoundTrip("D8 01 02", ExceptionResponse.of(ExceptionResponse.StateError.SERVICE_NOT_ALLOWED,
                ExceptionResponse.ServiceError.SERVICE_NOT_SUPPORTED));
        assertRoundTrip("D8 02 06 00 00 01 00", new ExceptionResponse(ExceptionResponse.StateError.SERVICE_UNKNOWN,
                ExceptionResponse.ServiceError.INVOCATION_COUNTER_ERROR, 256));
        assertThatThrownBy(() -> Apdus.decode(parse("D8 03 01"))).isInstanceOf(DlmsCodecException.class);
    }

    @Test
    void malformedServicesAreRefused() {
        for (String hex : new String[] {
            "C0 04 C1 00 00 00 01", // unknown GET type
            "C0 01 C1 00 01 00 00 2B 01 00 FF 02", // access-selection flag missing
            "C0 01 C1 00 01 00 00 2B 01 00 FF 02 02", // presence flag 2
            "C4 01 C1 02 00", // Get-Data-Result choice 2
            "C4 01 C1 01 05", // unknown Data-Access-Result
            "C4 02 C1 00 00 00 00 01 00 82 FF FF 00", // raw-data longer than input
            "C4 03 C1 84 7F FF FF FF 00", // list count beyond input
            "C7 01 C0 00 07", // unknown Action-Result
            "C5 01 C1", // truncated
            "C4 01 C1 00 11 01 00", // trailing byte
            "DB 00", // ciphered APDUs are not decoded yet
            ""}) {
            assertThatThrownBy(() -> Apdus.decode(parse(hex))).as(hex).isInstanceOf(DlmsCodecException.class);
        }
    }
}
