package io.fums.dlms.hdlc;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.DlmsCodecException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class HdlcFrameReaderTest {

    private static final String[] CONVERSATION = {HdlcVectors.KNOGI_SNRM, HdlcVectors.KNOGI_UA,
        HdlcVectors.KNOGI_AARQ, HdlcVectors.KNOGI_AARE, HdlcVectors.KNOGI_GET};

    private static List<HdlcFrame> feedInChunks(HdlcFrameReader reader, byte[] stream, Random random) {
        List<HdlcFrame> frames = new ArrayList<>();
        int off = 0;
        while (off < stream.length) {
            int n = Math.min(stream.length - off, 1 + random.nextInt(17));
            frames.addAll(reader.feed(stream, off, n));
            off += n;
        }
        return frames;
    }

    private static List<HdlcFrame> decodeAll(String... hex) throws DlmsCodecException {
        List<HdlcFrame> out = new ArrayList<>();
        for (String h : hex) {
            out.add(HdlcFrame.decode(parse(h)));
        }
        return out;
    }

    /** The knogi conversation, fed in random chunks, with line noise between the frames. */
    @Tag("SEC-2")
    @Test
    void resynchronisesOnGarbageBetweenFrames() throws DlmsCodecException {
        Random random = new Random(4059);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        byte[][] noise = {parse("00 FF 7E 7E"), parse("7E A7 FF 12"), parse("41 42 7E A0"), parse("7E 7E 7E"),
            parse("7E A0 07 03 21 93 0F 02 7E")}; // the last one has a bad FCS
        for (int i = 0; i < CONVERSATION.length; i++) {
            stream.writeBytes(noise[i]);
            stream.writeBytes(parse(CONVERSATION[i]));
        }
        HdlcFrameReader reader = new HdlcFrameReader();
        assertThat(feedInChunks(reader, stream.toByteArray(), random)).isEqualTo(decodeAll(CONVERSATION));
        assertThat(reader.discardedBytes()).isPositive();
        assertThat(reader.buffered()).isLessThanOrEqualTo(1);
    }

    /** "7E A7 FF" announces a 2047-byte frame: the header check rejects it at once, the next frame is not delayed. */
    @Tag("SEC-2")
    @Test
    void corruptLengthDoesNotStallTheLink() {
        HdlcFrameReader reader = new HdlcFrameReader();
        assertThat(reader.feed(parse("7E A7 FF 03 21 10 00 00 E6 E6"))).isEmpty();
        assertThat(reader.feed(parse(HdlcVectors.GURUX_RR))).hasSize(1);
    }

    @Test
    void flagInsideTheFrameByteByByte() throws DlmsCodecException {
        HdlcFrameReader reader = new HdlcFrameReader();
        List<HdlcFrame> frames = new ArrayList<>();
        for (byte b : parse(HdlcVectors.KMETHY_AARQ)) {
            frames.addAll(reader.feed(new byte[] {b}));
        }
        assertThat(frames).isEqualTo(decodeAll(HdlcVectors.KMETHY_AARQ));
        // the dlms-cosem segmented frame has 0x7E as its length byte
        assertThat(new HdlcFrameReader().feed(parse(HdlcVectors.DLMS_COSEM_SEGMENTED)))
                .isEqualTo(decodeAll(HdlcVectors.DLMS_COSEM_SEGMENTED));
    }

    @Test
    void sharedFlagBetweenFrames() throws DlmsCodecException {
        byte[] first = parse(HdlcVectors.GURUX_SNRM);
        byte[] second = parse(HdlcVectors.GURUX_UA);
        byte[] stream = new byte[first.length + second.length - 1];
        System.arraycopy(first, 0, stream, 0, first.length);
        System.arraycopy(second, 1, stream, first.length, second.length - 1);
        assertThat(new HdlcFrameReader().feed(stream)).isEqualTo(decodeAll(HdlcVectors.GURUX_SNRM, HdlcVectors.GURUX_UA));
    }

    @Test
    void corruptFrameIsDroppedAndCounted() throws DlmsCodecException {
        byte[] bad = parse(HdlcVectors.KNOGI_GET);
        bad[15] ^= 0x01; // payload bit error: HCS fine, FCS wrong
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(bad);
        stream.writeBytes(parse(HdlcVectors.KNOGI_GET));
        HdlcFrameReader reader = new HdlcFrameReader();
        assertThat(reader.feed(stream.toByteArray())).isEqualTo(decodeAll(HdlcVectors.KNOGI_GET));
        assertThat(reader.discardedFrames()).isEqualTo(1);
    }

    @Test
    void maximumFrameLengthIsEnforced() {
        HdlcFrame big = new HdlcFrame(HdlcAddress.of(1), HdlcAddress.of(0x10), HdlcControl.information(0, 0, true),
                false, new byte[200]);
        HdlcFrameReader small = new HdlcFrameReader(128);
        assertThat(small.feed(big.encode())).isEmpty();
        assertThat(new HdlcFrameReader(128).feed(parse(HdlcVectors.KNOGI_GET))).hasSize(1);
        HdlcFrame largest = new HdlcFrame(HdlcAddress.of(1), HdlcAddress.of(0x10), HdlcControl.information(0, 0, true),
                true, new byte[2047 - 11]);
        assertThat(new HdlcFrameReader().feed(largest.encode())).containsExactly(largest);
    }

    @Tag("SEC-2")
    @Test
    void floodOfGarbageKeepsMemoryBounded() {
        HdlcFrameReader reader = new HdlcFrameReader();
        Random random = new Random(7);
        byte[] chunk = new byte[4096];
        int frames = 0;
        for (int i = 0; i < 256; i++) {
            random.nextBytes(chunk);
            if (i % 3 == 0) {
                Arrays.fill(chunk, 0, 64, (byte) 0x7E);
                chunk[64] = (byte) 0xA7;
            }
            frames += reader.feed(chunk).size();
            assertThat(reader.buffered()).isLessThanOrEqualTo(2 * (HdlcFrame.MAX_FRAME_LENGTH + 2));
        }
        assertThat(frames).isZero();
        assertThat(reader.feed(parse(HdlcVectors.GURUX_RR))).hasSizeLessThanOrEqualTo(1);
        reader.reset();
        assertThat(reader.feed(parse(HdlcVectors.GURUX_RR))).hasSize(1);
    }
}
