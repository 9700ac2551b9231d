package io.fums.dlms.hdlc;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HdlcCrcTest {

    /** CRC-16/X.25 (a.k.a. CRC-16/IBM-SDLC) check value from the CRC catalogue: "123456789" -> 0x906E. */
    @Test
    void checkValue() {
        assertThat(HdlcCrc.compute("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x906E);
    }

    /** The well-known SNRM "7E A0 07 03 21 93 0F 01 7E": FCS over A0 07 03 21 93 is 0x010F, sent 0F 01. */
    @Test
    void snrmFcs() {
        assertThat(HdlcCrc.compute(parse("A0 07 03 21 93"))).isEqualTo(0x010F);
    }

    /** Kmethy UA frame: HCS over "A0 23 21 00 02 00 23 73" is sent as F6 C5; FCS as CE 6A. */
    @Test
    void kmethyHcsAndFcs() {
        byte[] f = parse(HdlcVectors.KMETHY_UA);
        assertThat(HdlcCrc.compute(f, 1, 8)).isEqualTo(0xC5F6);
        assertThat(HdlcCrc.compute(f, 1, f.length - 4)).isEqualTo(0x6ACE);
    }

    /** dlms-cosem tests/test_hdlc.py TestCrc: CRC of "03 3F" is sent as 5B EC. */
    @Test
    void dlmsCosemVector() {
        assertThat(HdlcCrc.compute(parse("03 3F"))).isEqualTo(0xEC5B);
    }
}
