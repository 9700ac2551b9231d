package io.fums.emulator.meter.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.wrapper.WrapperPdu;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSplitterTest {

    static byte[] hdlc(int info) {
        return new HdlcFrame(HdlcAddress.of(1, 17), HdlcAddress.of(0x10), HdlcControl.information(0, 0, true), false,
                new byte[info]).encode();
    }

    private static List<byte[]> feedBytewise(FrameSplitter s, byte[] stream) {
        List<byte[]> out = new ArrayList<>();
        for (byte b : stream) {
            out.addAll(s.feed(new byte[] {b}, 0, 1, 0));
        }
        return out;
    }

    @Test
    void hdlcFramesArriveWholeWhateverTheChunking() {
        byte[] a = hdlc(10);
        byte[] b = hdlc(300);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(a);
        stream.writeBytes(b);
        List<byte[]> frames = feedBytewise(new FrameSplitter(FrameSplitter.Framing.HDLC), stream.toByteArray());
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isEqualTo(a);
        assertThat(frames.get(1)).isEqualTo(b);
    }

    @Test
    void aFlagSharedByTwoFramesIsUnderstood() {
        byte[] a = hdlc(10);
        byte[] b = hdlc(20);
        byte[] shared = new byte[a.length + b.length - 1];
        System.arraycopy(a, 0, shared, 0, a.length);
        System.arraycopy(b, 1, shared, a.length, b.length - 1);
        List<byte[]> frames = new FrameSplitter(FrameSplitter.Framing.HDLC).feed(shared, 0, shared.length, 0);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isEqualTo(a);
        assertThat(frames.get(1)).isEqualTo(Arrays.copyOfRange(b, 1, b.length));
    }

    @Test
    void garbageAndIdleFlagsPassAsTheirOwnChunksAndFramesStillFollow() {
        byte[] a = hdlc(10);
        byte[] stream = new byte[3 + a.length];
        stream[0] = 0x11;
        stream[1] = 0x7E;
        stream[2] = 0x7E;
        System.arraycopy(a, 0, stream, 3, a.length);
        List<byte[]> frames = new FrameSplitter(FrameSplitter.Framing.HDLC).feed(stream, 0, stream.length, 0);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).containsExactly(0x11, 0x7E, 0x7E);
        assertThat(frames.get(1)).isEqualTo(a);
    }

    @Test
    void aStalledPartialFrameIsReleasedAsItIs() {
        FrameSplitter s = new FrameSplitter(FrameSplitter.Framing.HDLC);
        byte[] a = hdlc(50);
        assertThat(s.feed(a, 0, 20, 0)).isEmpty();
        assertThat(s.flushStale(100, 1000)).isNull();
        assertThat(s.flushStale(1000, 1000)).isEqualTo(Arrays.copyOf(a, 20));
    }

    @Test
    void wrapperPdusAreCutByTheirHeader() {
        byte[] a = new WrapperPdu(0x10, 1, new byte[] {1, 2, 3}).encode();
        byte[] b = new WrapperPdu(0x10, 1, new byte[1000]).encode();
        byte[] stream = new byte[a.length + b.length];
        System.arraycopy(a, 0, stream, 0, a.length);
        System.arraycopy(b, 0, stream, a.length, b.length);
        List<byte[]> frames = feedBytewise(new FrameSplitter(FrameSplitter.Framing.WRAPPER), stream);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isEqualTo(a);
        assertThat(frames.get(1)).isEqualTo(b);
    }
}
