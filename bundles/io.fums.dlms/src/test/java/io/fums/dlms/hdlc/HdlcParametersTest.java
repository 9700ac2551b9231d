package io.fums.dlms.hdlc;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import org.junit.jupiter.api.Test;

/** SNRM/UA parameter negotiation field "81 80 ..." from published frames (sources in {@link HdlcVectors}). */
class HdlcParametersTest {

    private static byte[] info(String frame) throws DlmsCodecException {
        return HdlcFrame.decode(parse(frame)).information();
    }

    @Test
    void kmethyUaWithTwoByteLengths() throws DlmsCodecException {
        assertThat(HdlcParameters.decode(info(HdlcVectors.KMETHY_UA))).isEqualTo(HdlcParameters.DEFAULT);
    }

    @Test
    void guruxUaEncodesExactly() throws DlmsCodecException {
        byte[] info = info(HdlcVectors.GURUX_UA);
        HdlcParameters p = HdlcParameters.decode(info);
        assertThat(p).isEqualTo(new HdlcParameters(128, 62, 1, 1));
        assertThat(p.encode()).isEqualTo(info);
    }

    @Test
    void dlmsCosemUaEncodesExactly() throws DlmsCodecException {
        byte[] info = info(HdlcVectors.DLMS_COSEM_UA);
        assertThat(HdlcParameters.decode(info)).isEqualTo(new HdlcParameters(154, 154, 1, 1));
        assertThat(new HdlcParameters(154, 154, 1, 1).encode()).isEqualTo(info);
    }

    /** The knogi SNRM proposes only the information field lengths (1010): windows default to 1. */
    @Test
    void knogiSnrmOmitsWindows() throws DlmsCodecException {
        assertThat(HdlcParameters.decode(info(HdlcVectors.KNOGI_SNRM))).isEqualTo(new HdlcParameters(1010, 1010, 1, 1));
        assertThat(HdlcParameters.decode(info(HdlcVectors.KNOGI_UA))).isEqualTo(new HdlcParameters(1010, 1010, 1, 1));
        assertThat(new HdlcParameters(1010, 1010, 7, 7).encode())
                .isEqualTo(parse("81 80 14 05 02 03 F2 06 02 03 F2 07 04 00 00 00 07 08 04 00 00 00 07"));
    }

    @Test
    void emptyMeansDefaults() throws DlmsCodecException {
        assertThat(HdlcParameters.decode(new byte[0])).isEqualTo(HdlcParameters.DEFAULT);
        assertThat(HdlcParameters.decode(parse("81 80 00"))).isEqualTo(HdlcParameters.DEFAULT);
    }

    @Test
    void malformed() {
        for (String hex : new String[] {"81 81 00", "81 80 05 05 01", "81 80 03 05 00 ", "81 80 03 07 01 08",
            "81 80 03 05 01 00", "81 80 02 05 01 80 00", "81 80 06 05 05 00 00 00 00"}) {
            assertThatThrownBy(() -> HdlcParameters.decode(parse(hex))).as(hex).isInstanceOf(DlmsCodecException.class);
        }
    }
}
