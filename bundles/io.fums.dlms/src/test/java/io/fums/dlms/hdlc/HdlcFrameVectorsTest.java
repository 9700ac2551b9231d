package io.fums.dlms.hdlc;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.apdu.Aarq;
import io.fums.dlms.apdu.Aare;
import io.fums.dlms.apdu.Apdus;
import io.fums.dlms.apdu.GetRequest;
import io.fums.dlms.hdlc.HdlcControl.Type;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Published HDLC frames (see {@link HdlcVectors} for their sources): decode, then re-encode byte for byte. */
class HdlcFrameVectorsTest {

    static final HdlcAddress CLIENT_16 = HdlcAddress.of(0x10);

    @ParameterizedTest
    @ValueSource(strings = {HdlcVectors.KMETHY_SNRM, HdlcVectors.KMETHY_UA, HdlcVectors.KMETHY_AARQ,
        HdlcVectors.GURUX_SNRM, HdlcVectors.GURUX_UA, HdlcVectors.GURUX_AARQ, HdlcVectors.GURUX_RR,
        HdlcVectors.GURUX_SEGMENTED, HdlcVectors.KNOGI_SNRM, HdlcVectors.KNOGI_UA, HdlcVectors.KNOGI_AARQ,
        HdlcVectors.KNOGI_AARE, HdlcVectors.KNOGI_GET, HdlcVectors.DLMS_COSEM_SNRM, HdlcVectors.DLMS_COSEM_UA,
        HdlcVectors.DLMS_COSEM_AARQ, HdlcVectors.DLMS_COSEM_AARE, HdlcVectors.DLMS_COSEM_SEGMENTED})
    void everyPublishedFrameDecodesAndReencodesIdentically(String hex) throws DlmsCodecException {
        byte[] bytes = parse(hex);
        assertThat(HdlcFrame.decode(bytes).encode()).isEqualTo(bytes);
    }

    @Test
    void kmethySnrmWithFourByteServerAddress() throws DlmsCodecException {
        HdlcFrame snrm = HdlcFrame.decode(parse(HdlcVectors.KMETHY_SNRM));
        assertThat(snrm.destination()).isEqualTo(new HdlcAddress(1, 0x11, 4));
        assertThat(snrm.source()).isEqualTo(CLIENT_16);
        assertThat(snrm.control()).isEqualTo(HdlcControl.unnumbered(Type.SNRM, true));
        assertThat(snrm.informationLength()).isZero();
        assertThat(new HdlcFrame(new HdlcAddress(1, 0x11, 4), CLIENT_16, HdlcControl.unnumbered(Type.SNRM, true),
                false, null).encode()).isEqualTo(parse(HdlcVectors.KMETHY_SNRM));
    }

    @Test
    void wellKnownSnrm() {
        HdlcFrame snrm = new HdlcFrame(HdlcAddress.of(1), CLIENT_16, HdlcControl.unnumbered(Type.SNRM, true), false,
                null);
        assertThat(snrm.encode()).isEqualTo(parse("7E A0 07 03 21 93 0F 01 7E"));
    }

    @Test
    void kmethyAarqFrameWithFlagValueInsideItsHcs() throws DlmsCodecException {
        HdlcFrame frame = HdlcFrame.decode(parse(HdlcVectors.KMETHY_AARQ));
        assertThat(frame.control()).isEqualTo(HdlcControl.information(0, 0, true));
        byte[] apdu = Llc.unwrap(frame.information(), true);
        assertThat(Apdus.decode(apdu)).isInstanceOf(Aarq.class);
        HdlcFrame rebuilt = new HdlcFrame(new HdlcAddress(1, 0x11, 4), CLIENT_16, HdlcControl.information(0, 0, true),
                false, Llc.wrap(apdu, true));
        assertThat(rebuilt.encode()).isEqualTo(parse(HdlcVectors.KMETHY_AARQ));
    }

    @Test
    void dlmsCosemFramesWithTwoByteServerAddress() throws DlmsCodecException {
        HdlcAddress server = HdlcAddress.of(1, 17);
        assertThat(server.toBytes()).isEqualTo(parse("02 23"));
        assertThat(new HdlcFrame(server, CLIENT_16, HdlcControl.unnumbered(Type.SNRM, true), false, null).encode())
                .isEqualTo(parse(HdlcVectors.DLMS_COSEM_SNRM));
        HdlcFrame aare = HdlcFrame.decode(parse(HdlcVectors.DLMS_COSEM_AARE));
        assertThat(aare.control()).isEqualTo(HdlcControl.information(0, 1, true));
        assertThat(aare.source()).isEqualTo(server);
        assertThat(Apdus.decode(Llc.unwrap(aare.information(), false))).isInstanceOf(Aare.class);
    }

    @Test
    void knogiGetAndAare() throws DlmsCodecException {
        HdlcFrame get = HdlcFrame.decode(parse(HdlcVectors.KNOGI_GET));
        assertThat(get.control()).isEqualTo(HdlcControl.information(1, 1, true));
        assertThat(Apdus.decode(Llc.unwrap(get.information(), true))).isInstanceOf(GetRequest.Normal.class);
        HdlcFrame aare = HdlcFrame.decode(parse(HdlcVectors.KNOGI_AARE));
        assertThat(Apdus.decode(Llc.unwrap(aare.information(), false))).isInstanceOf(Aare.class);
        assertThatThrownBy(() -> Llc.unwrap(aare.information(), true)).isInstanceOf(DlmsCodecException.class);
    }

    @Test
    void segmentedFrames() throws DlmsCodecException {
        HdlcFrame gurux = HdlcFrame.decode(parse(HdlcVectors.GURUX_SEGMENTED));
        assertThat(gurux.segmented()).isTrue();
        assertThat(gurux.control()).isEqualTo(HdlcControl.information(1, 2, true));
        HdlcFrame cosem = HdlcFrame.decode(parse(HdlcVectors.DLMS_COSEM_SEGMENTED));
        assertThat(cosem.segmented()).isTrue();
        assertThat(cosem.control()).isEqualTo(HdlcControl.information(3, 4, true));
        assertThat(cosem.destination()).isEqualTo(CLIENT_16);
    }

    @Test
    void guruxReceiveReady() throws DlmsCodecException {
        HdlcFrame rr = HdlcFrame.decode(parse(HdlcVectors.GURUX_RR));
        assertThat(rr.control()).isEqualTo(HdlcControl.receiveReady(2, true));
        assertThat(rr.destination()).isEqualTo(HdlcAddress.of(1));
        assertThat(rr.source()).isEqualTo(HdlcAddress.of(0x20));
    }

    @Test
    void controlFieldTable() {
        assertThat(HdlcControl.unnumbered(Type.SNRM, true).toByte()).isEqualTo(0x93);
        assertThat(HdlcControl.unnumbered(Type.UA, true).toByte()).isEqualTo(0x73);
        assertThat(HdlcControl.unnumbered(Type.DISC, true).toByte()).isEqualTo(0x53);
        assertThat(HdlcControl.unnumbered(Type.DM, true).toByte()).isEqualTo(0x1F);
        assertThat(HdlcControl.unnumbered(Type.FRMR, true).toByte()).isEqualTo(0x97);
        assertThat(HdlcControl.unnumbered(Type.UI, true).toByte()).isEqualTo(0x13);
        assertThat(HdlcControl.receiveReady(2, true).toByte()).isEqualTo(0x51);
        assertThat(new HdlcControl(Type.RNR, 0, 7, false).toByte()).isEqualTo(0xE5);
        assertThat(HdlcControl.information(1, 1, true).toByte()).isEqualTo(0x32);
        int parsed = 0;
        for (int b = 0; b < 256; b++) {
            HdlcControl c = HdlcControl.fromByte(b);
            if (c != null) {
                assertThat(c.toByte()).as("control %02X", b).isEqualTo(b);
                parsed++;
            }
        }
        assertThat(parsed).isEqualTo(128 + 32 + 6 * 2); // I, RR + RNR, six unnumbered types with P/F
    }

    @Test
    void addresses() {
        assertThat(HdlcAddress.of(0x3FFF, 0x3FFF).toBytes()).isEqualTo(parse("FE FE FE FF"));
        assertThat(HdlcAddress.of(1, 0x80).toBytes()).isEqualTo(parse("00 02 02 01"));
        byte[] b = parse("FE FE FE FF");
        assertThat(HdlcAddress.decode(b, 0, HdlcAddress.sizeAt(b, 0, 4))).isEqualTo(new HdlcAddress(0x3FFF, 0x3FFF, 4));
        assertThat(HdlcAddress.sizeAt(parse("00 00 01"), 0, 3)).isEqualTo(-1);
    }

    @Test
    void malformedFramesAreRefused() {
        byte[] good = parse(HdlcVectors.KNOGI_GET);
        byte[] badFcs = good.clone();
        badFcs[badFcs.length - 3] ^= 1;
        byte[] badHcs = good.clone();
        badHcs[6] ^= 0x40;
        byte[] badLength = good.clone();
        badLength[2]++;
        byte[] badType = good.clone();
        badType[1] = (byte) 0x90;
        byte[] noFlag = Arrays.copyOf(good, good.length - 1);
        for (byte[] bad : new byte[][] {badFcs, badHcs, badLength, badType, noFlag, new byte[0]}) {
            assertThatThrownBy(() -> HdlcFrame.decode(bad)).isInstanceOf(DlmsCodecException.class);
        }
    }
}
