package io.fums.dlms.cosem;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.axdr.Axdr;
import io.fums.dlms.axdr.DataValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Association LN (class 15) attribute 2, object_list: decoding from the Blue Book encoding
 * (array of structure {class_id long-unsigned, version unsigned, logical_name octet-string(6), access_rights}),
 * and refusal of hostile lists (capability discovery, issue 15).
 */
@Tag("SM-9")
@Tag("SEC-2")
class ObjectListTest {

    /**
     * Image transfer 0-0:44.0.0.255 (class 18 version 0) with the access rights of version 1 of class 15
     * (attribute 1 read-only without selectors, method 1 access), and the activation schedule 0-0:15.0.2.255
     * (class 22) with empty access lists.
     */
    static final String TWO_OBJECTS = "01 02"
            + " 02 04 12 00 12 11 00 09 06 00 00 2C 00 00 FF"
            + "  02 02 01 01 02 03 0F 01 16 01 00 01 01 02 02 0F 01 16 01"
            + " 02 04 12 00 16 11 00 09 06 00 00 0F 00 02 FF 02 02 01 00 01 00";

    @Test
    void decodesTheBlueBookEncoding() throws DlmsCodecException {
        List<ObjectList.Entry> list = ObjectList.decode(Axdr.decode(parse(TWO_OBJECTS)), 4096);

        assertThat(list).containsExactly(
                new ObjectList.Entry(18, 0, ImageTransfer.LOGICAL_NAME),
                new ObjectList.Entry(22, 0, CosemObjects.IMAGE_ACTIVATION_SCHEDULE));
        assertThat(ObjectList.CURRENT_ASSOCIATION_OBJECT_LIST)
                .isEqualTo(new CosemAttributeDescriptor(15, new ObisCode(0, 0, 40, 0, 0, 255), 2));
    }

    @Test
    void serverEncodingRoundTrips() throws DlmsCodecException {
        List<ObjectList.Entry> entries = List.of(new ObjectList.Entry(1, 0, CosemObjects.ACTIVE_FIRMWARE_IDENTIFIER),
                new ObjectList.Entry(70, 0, CosemObjects.DISCONNECT_CONTROL));
        byte[] wire = Axdr.encode(ObjectList.encode(entries));

        assertThat(wire).startsWith(parse("01 02 02 04 12 00 01 11 00 09 06 01 00 00 02 00 FF 02 02 01 00 01 00"));
        assertThat(ObjectList.decode(Axdr.decode(wire), 2)).isEqualTo(entries);
    }

    @Test
    void anEmptyListIsNoObject() throws DlmsCodecException {
        assertThat(ObjectList.decode(Axdr.decode(parse("01 00")), 4096)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "02 00", // a structure, not an array
        "01 01 02 03 12 00 12 11 00 09 06 00 00 2C 00 00 FF", // three elements, no access_rights
        "01 01 02 04 11 12 11 00 09 06 00 00 2C 00 00 FF 02 00", // class_id as unsigned
        "01 01 02 04 12 00 12 12 00 00 09 06 00 00 2C 00 00 FF 02 00", // version as long-unsigned
        "01 01 02 04 12 00 12 11 00 09 05 00 00 2C 00 00 02 00", // a logical name of five octets
        "01 01 02 04 12 00 12 11 00 09 06 00 00 2C 00 00 FF 00", // access_rights null-data
        "01 01 00", // an element that is null-data
    })
    void refusesMalformedLists(String hex) throws DlmsCodecException {
        DataValue v = Axdr.decode(parse(hex));
        assertThatThrownBy(() -> ObjectList.decode(v, 4096)).isInstanceOf(DlmsCodecException.class)
                .hasMessageContaining("object_list");
    }

    @Test
    void refusesAListLongerThanTheBound() throws DlmsCodecException {
        List<ObjectList.Entry> many = new ArrayList<>();
        for (int i = 0; i < 4097; i++) {
            many.add(new ObjectList.Entry(1, 0, new ObisCode(0, 0, 96, 50, i >> 8, i & 0xFF)));
        }
        DataValue v = Axdr.decode(Axdr.encode(ObjectList.encode(many)));

        assertThat(ObjectList.decode(v, 4097)).hasSize(4097);
        assertThatThrownBy(() -> ObjectList.decode(v, ObjectList.DEFAULT_MAX_ENTRIES))
                .isInstanceOf(DlmsCodecException.class).hasMessageContaining("4097 entries, more than the 4096");
    }
}
