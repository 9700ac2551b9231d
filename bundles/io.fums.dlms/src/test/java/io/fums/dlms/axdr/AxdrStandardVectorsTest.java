package io.fums.dlms.axdr;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.internal.ByteReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A-XDR decoding and encoding against byte strings published by others, not
 * produced by our encoder.
 */
class AxdrStandardVectorsTest {

    /**
     * Source: a Kamstrup meter's HAN-port push (list 2), as published in the
     * test suite of the independent Python implementation dlms-cosem
     * (u9n/dlms-cosem tests/test_dlms_data.py): a structure of 25 elements
     * mixing visible-string, octet-string (OBIS codes), double-long-unsigned
     * and long-unsigned.
     */
    static final String KAMSTRUP_LIST = "02190A0E4B616D73747275705F563030303109060101000005FF0A1035373036353637"
            + "31393633383234383509060101600101FF0A1236383431313331424E31343331303130393009060101010700FF0600000926"
            + "09060101020700FF060000000009060101030700FF060000000009060101040700FF06000000DF090601011F0700FF060000"
            + "005C09060101330700FF060000008D09060101470700FF060000037209060101200700FF1200E609060101340700FF1200E6"
            + "09060101480700FF1200E4";

    @Test
    void kamstrupPushListDecodesAndReencodesIdentically() throws DlmsCodecException {
        byte[] bytes = parse(KAMSTRUP_LIST);
        DataValue v = Axdr.decode(bytes);

        List<DataValue> e = DataValues.toStructure(v, 25, "list");
        assertThat(e.get(0)).isEqualTo(new DataValue.VisibleString("Kamstrup_V0001"));
        assertThat(e.get(1)).isEqualTo(new DataValue.OctetString(new byte[] {1, 1, 0, 0, 5, (byte) 0xFF}));
        assertThat(e.get(2)).isEqualTo(new DataValue.VisibleString("5706567196382485"));
        assertThat(e.get(6)).isEqualTo(new DataValue.UInt32(2342)); // 1-1:1.7.0.255 active power import, W
        assertThat(e.get(24)).isEqualTo(new DataValue.UInt16(228)); // 1-1:72.7.0.255 voltage L3, V
        assertThat(Axdr.encode(v)).isEqualTo(bytes);
    }

    /**
     * Source: GET-Response-Normal data of dlms-cosem's tests/test_xdlms/test_get.py
     * ("C4 01 C1 00 06 00 00 13 91"): double-long-unsigned 5009.
     */
    @Test
    void doubleLongUnsigned() throws DlmsCodecException {
        assertThat(Axdr.decode(parse("06 00 00 13 91"))).isEqualTo(new DataValue.UInt32(5009));
        assertThat(Axdr.encode(new DataValue.UInt32(5009))).isEqualTo(parse("06 00 00 13 91"));
    }

    /**
     * Source: the clock value written by SET-Request-Normal in dlms-cosem's
     * tests/test_xdlms/test_set.py: octet-string of 12 holding a COSEM
     * date-time (Blue Book 4.1.6.1).
     */
    @Test
    void dateTimeOctetString() throws DlmsCodecException {
        byte[] bytes = parse("09 0C 07 E5 01 18 FF 0E 30 39 50 FF C4 00");
        DataValue v = Axdr.decode(bytes);
        assertThat(v).isInstanceOf(DataValue.OctetString.class);
        assertThat(((DataValue.OctetString) v).length()).isEqualTo(12);
        assertThat(Axdr.encode(v)).isEqualTo(bytes);
    }

    /**
     * Source: profile buffer block of dlms-cosem's GET-Response-With-Datablock
     * test (captured from a meter): "01 82 05 A0 ..." is an array whose
     * element count 1440 uses the two-byte long length form 0x82. The
     * first element, reproduced here whole, is structure { date-time
     * octet-string(12), unsigned, double-long-unsigned, double-long-unsigned }.
     */
    @Test
    void longFormLengthFromMeterCapture() throws DlmsCodecException {
        byte[] element = parse("02 04 09 0C 07 E3 0C 13 04 02 00 00 00 FF C4 00 11 06 06 00 00 05 ED 06 00 00 06 54");
        DataValue v = Axdr.decode(element);
        List<DataValue> s = DataValues.toStructure(v, 4, "entry");
        assertThat(s.get(1)).isEqualTo(new DataValue.UInt8(6));
        assertThat(s.get(2)).isEqualTo(new DataValue.UInt32(0x05ED));
        assertThat(CosemDateTime.fromDataValue(s.get(0)).toOffsetDateTime().toString())
                .isEqualTo("2019-12-19T02:00+01:00");
        // the same array header with the 0x82 length form: 1440 elements announced, all must be present
        assertThat(new ByteReader(parse("82 05 A0")).length(100_000)).isEqualTo(1440);
    }
}
