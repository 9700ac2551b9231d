package io.fums.dlms.axdr;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsCodecException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every data type: exact encoding per the Blue Book tag table, and decode(encode(v)) == v. */
class AxdrRoundTripTest {

    static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of(DataValue.NullData.INSTANCE, "00"),
                Arguments.of(DataValue.DontCare.INSTANCE, "FF"),
                Arguments.of(DataValue.Array.of(new DataValue.UInt8(1), new DataValue.UInt8(2)), "01 02 11 01 11 02"),
                Arguments.of(DataValue.Structure.of(new DataValue.Int8(-3), new DataValue.Enumerated(30)),
                        "02 02 0F FD 16 1E"),
                Arguments.of(new DataValue.Bool(true), "03 FF"),
                Arguments.of(new DataValue.Bool(false), "03 00"),
                Arguments.of(DataValue.BitString.of(true, false, true, true, false, false, false, false, true),
                        "04 09 B0 80"),
                Arguments.of(new DataValue.Int32(-2), "05 FF FF FF FE"),
                Arguments.of(new DataValue.UInt32(0xFFFF_FFFFL), "06 FF FF FF FF"),
                Arguments.of(new DataValue.OctetString(new byte[] {1, 2}), "09 02 01 02"),
                Arguments.of(new DataValue.VisibleString("AB"), "0A 02 41 42"),
                Arguments.of(new DataValue.Utf8String("\u00e9"), "0C 02 C3 A9"),
                Arguments.of(new DataValue.Bcd(0x12), "0D 12"),
                Arguments.of(new DataValue.Int8(-128), "0F 80"),
                Arguments.of(new DataValue.Int16(-2), "10 FF FE"),
                Arguments.of(new DataValue.UInt8(255), "11 FF"),
                Arguments.of(new DataValue.UInt16(65535), "12 FF FF"),
                Arguments.of(new DataValue.Int64(-1), "14 FF FF FF FF FF FF FF FF"),
                Arguments.of(new DataValue.UInt64(-1), "15 FF FF FF FF FF FF FF FF"),
                Arguments.of(new DataValue.Enumerated(7), "16 07"),
                Arguments.of(new DataValue.Float32(1.0f), "17 3F 80 00 00"),
                Arguments.of(new DataValue.Float64(-2.0), "18 C0 00 00 00 00 00 00 00"),
                Arguments.of(new DataValue.DateTime(parse("07E4 01 01 FF 00 03 00 00 FF88 FF")),
                        "19 07 E4 01 01 FF 00 03 00 00 FF 88 FF"),
                Arguments.of(new DataValue.Date(parse("07E4 01 01 03")), "1A 07 E4 01 01 03"),
                Arguments.of(new DataValue.Time(parse("0C 1E 00 FF")), "1B 0C 1E 00 FF"));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void encodesExactlyAndRoundTrips(DataValue value, String hex) throws DlmsCodecException {
        assertThat(Axdr.encode(value)).isEqualTo(parse(hex));
        assertThat(Axdr.decode(parse(hex))).isEqualTo(value);
    }

    @Test
    void uint64KeepsAllBits() {
        assertThat(new DataValue.UInt64(-1).bigValue().toString()).isEqualTo("18446744073709551615");
    }

    /** A-XDR lengths: short form below 128, then 0x81, 0x82, 0x84 (IEC 61334-6 / Green Book). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 65535, 65536, 70000})
    void octetStringLengthForms(int length) throws DlmsCodecException {
        byte[] content = new byte[length];
        Arrays.fill(content, (byte) 0x5A);
        byte[] encoded = Axdr.encode(new DataValue.OctetString(content));
        int header = length < 0x80 ? 2 : length <= 0xFF ? 3 : length <= 0xFFFF ? 4 : 6;
        assertThat(encoded).hasSize(header + length);
        if (length >= 0x80) {
            assertThat(encoded[1] & 0xFF).isEqualTo(length <= 0xFF ? 0x81 : length <= 0xFFFF ? 0x82 : 0x84);
        }
        assertThat(((DataValue.OctetString) Axdr.decode(encoded)).value()).isEqualTo(content);
    }

    @Test
    void threeByteLongFormIsAcceptedOnInput() throws DlmsCodecException {
        assertThat(Axdr.decode(parse("09 83 00 00 02 AA BB"))).isEqualTo(new DataValue.OctetString(parse("AA BB")));
    }

    @Test
    void nonZeroBooleanIsTrue() throws DlmsCodecException {
        assertThat(Axdr.decode(parse("03 01"))).isEqualTo(new DataValue.Bool(true));
    }

    @Test
    void nestedStructuresRoundTrip() throws DlmsCodecException {
        DataValue v = DataValue.Array.of(
                DataValue.Structure.of(new DataValue.UInt32(262_144), new DataValue.OctetString(new byte[8]),
                        new DataValue.OctetString(new byte[64])),
                DataValue.Structure.of(DataValue.Array.of(), DataValue.NullData.INSTANCE));
        assertThat(Axdr.decode(Axdr.encode(v))).isEqualTo(v);
    }

    @Tag("SEC-2")
    @Test
    void nestingBeyondTheLimitIsRefusedWithoutStackOverflow() {
        byte[] bomb = new byte[200_000];
        for (int i = 0; i < bomb.length; i += 2) {
            bomb[i] = 0x01;
            bomb[i + 1] = 0x01;
        }
        assertThatThrownBy(() -> Axdr.decode(bomb)).isInstanceOf(DlmsCodecException.class)
                .hasMessageContaining("nested deeper");
        DataValue deep = DataValue.NullData.INSTANCE;
        for (int i = 0; i < 16; i++) {
            deep = DataValue.Array.of(deep);
        }
        DataValue limit = deep;
        assertThatThrownBy(() -> Axdr.decode(Axdr.encode(DataValue.Array.of(limit))))
                .isInstanceOf(DlmsCodecException.class);
    }

    @Tag("SEC-2")
    @Test
    void lengthsAreCheckedBeforeAllocation() {
        // octet-string announcing 2^32-1 bytes, array announcing 2^31 elements: refused, nothing allocated
        assertThatThrownBy(() -> Axdr.decode(parse("09 84 FF FF FF FF 00"))).isInstanceOf(DlmsCodecException.class)
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> Axdr.decode(parse("01 84 00 80 00 00 00"), new DecodeLimits(16, Integer.MAX_VALUE)))
                .isInstanceOf(DlmsCodecException.class).hasMessageContaining("left");
        assertThatThrownBy(() -> Axdr.decode(parse("04 84 7F FF FF FF 00"))).isInstanceOf(DlmsCodecException.class);
        assertThatThrownBy(() -> Axdr.decode(parse("09 05 01 02"), new DecodeLimits(4, 4)))
                .isInstanceOf(DlmsCodecException.class).hasMessageContaining("limit 4");
    }

    @Tag("SEC-2")
    @Test
    void malformedInputsThrowTheCodecException() {
        List<String> bad = new ArrayList<>(List.of("", "13 00", "07", "09", "09 80", "09 85 00 00 00 00 01", "06 00 00",
                "0C 02 C3 28", "19 07 E4", "02 02 11 01", "11 01 00", "1A 00 00 00 00"));
        for (String hex : bad) {
            assertThatThrownBy(() -> Axdr.decode(parse(hex))).as(hex).isInstanceOf(DlmsCodecException.class);
        }
    }
}
