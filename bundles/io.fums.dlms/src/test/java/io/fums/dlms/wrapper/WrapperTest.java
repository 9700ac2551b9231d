package io.fums.dlms.wrapper;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsCodecException;
import io.fums.dlms.apdu.Aarq;
import io.fums.dlms.apdu.Apdus;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class WrapperTest {

    /**
     * A data-notification pushed by a meter over UDP, published in dlms-cosem's
     * tests/test_udp_message.py: header "00 01 00 01 00 01 00 46" = version 1,
     * source wPort 1, destination wPort 1, length 70, then a general-glo-ciphering APDU.
     */
    static final String METER_PUSH = "0001000100010046DB082F192291991641033B30000001E5025CE9D2271FD78BE8C204211A916A9D"
            + "7F587E0A7A814CADEA89E9593F01F92EA8C087B5BDFDEFEAB6BECF282DFE49C08F5BE6DC8400";

    /**
     * The Green Book AARQ (no security) as a public client (wPort 0x10) sends it to the
     * management logical device (wPort 0x01) over TCP, built per IEC 62056-47: the
     * header is "00 01 00 10 00 01 00 1F", 0x1F being the AARQ's 31 bytes.
     */
    static final String CLIENT_AARQ = "00 01 00 10 00 01 00 1F"
            + " 60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";

    @Test
    void meterPushDatagram() throws DlmsCodecException {
        WrapperPdu pdu = WrapperPdu.decode(parse(METER_PUSH));
        assertThat(pdu.sourceWport()).isEqualTo(1);
        assertThat(pdu.destinationWport()).isEqualTo(1);
        assertThat(pdu.apduLength()).isEqualTo(70);
        assertThat(pdu.apdu()[0]).isEqualTo((byte) 0xDB);
        assertThat(pdu.encode()).isEqualTo(parse(METER_PUSH));
        assertThat(WrapperHeader.decode(parse(METER_PUSH), 0)).isEqualTo(new WrapperHeader(1, 1, 1, 70));
    }

    @Test
    void clientAarq() throws DlmsCodecException {
        byte[] bytes = parse(CLIENT_AARQ);
        WrapperPdu pdu = WrapperPdu.decode(bytes);
        assertThat(Apdus.decode(pdu.apdu())).isInstanceOf(Aarq.class);
        assertThat(new WrapperPdu(0x10, 0x01, pdu.apdu()).encode()).isEqualTo(bytes);
        assertThat(WrapperHeader.DEFAULT_PORT).isEqualTo(4059);
    }

    @Test
    void streamInRandomChunks() throws DlmsCodecException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<WrapperPdu> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            WrapperPdu p = new WrapperPdu(0x10, 1, new byte[i * 37]);
            sent.add(p);
            stream.writeBytes(p.encode());
        }
        stream.writeBytes(parse(METER_PUSH));
        sent.add(WrapperPdu.decode(parse(METER_PUSH)));
        byte[] bytes = stream.toByteArray();
        WrapperReader reader = new WrapperReader();
        Random random = new Random(1);
        List<WrapperPdu> received = new ArrayList<>();
        for (int off = 0; off < bytes.length;) {
            int n = Math.min(bytes.length - off, 1 + random.nextInt(300));
            received.addAll(reader.feed(bytes, off, n));
            off += n;
        }
        assertThat(received).isEqualTo(sent);
        assertThat(reader.buffered()).isZero();
    }

    @Tag("SEC-2")
    @Test
    void badHeadersFailTheStream() throws DlmsCodecException {
        WrapperReader reader = new WrapperReader(1024);
        assertThatThrownBy(() -> reader.feed(parse("00 02 00 10 00 01 00 01 C0"))).isInstanceOf(DlmsCodecException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> reader.feed(parse(CLIENT_AARQ))).isInstanceOf(DlmsCodecException.class);
        reader.reset();
        assertThat(reader.feed(parse(CLIENT_AARQ))).hasSize(1);
        assertThatThrownBy(() -> reader.feed(parse("00 01 00 10 00 01 FF FF"))).isInstanceOf(DlmsCodecException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> WrapperPdu.decode(parse("00 01 00 10 00 01 00 05 C0"))).isInstanceOf(
                DlmsCodecException.class);
        assertThatThrownBy(() -> WrapperHeader.decode(parse("00 01 00"), 0)).isInstanceOf(DlmsCodecException.class);
    }

    /** A header announcing 65535 bytes followed by a trickle: memory grows with what arrives, not with the claim. */
    @Tag("SEC-2")
    @Test
    void lyingLengthAllocatesOnlyWhatArrives() throws DlmsCodecException {
        WrapperReader reader = new WrapperReader();
        assertThat(reader.feed(parse("00 01 00 01 00 10 FF FF 01 02 03"))).isEmpty();
        assertThat(reader.buffered()).isEqualTo(11);
        assertThat(reader.capacity()).isLessThanOrEqualTo(6);
    }
}
