package io.fums.emulator.meter.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.hdlc.HdlcFrameReader;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.PipeLink;
import io.fums.emulator.meter.fault.FaultPlan;
import io.fums.emulator.meter.fault.Faults;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The link model: byte rate, latency, loss, shared medium, link faults. */
@Tag("CARD-4")
class MediumBridgeTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private PipeLink[] pipe() {
        PipeLink[] p = PipeLink.pair("dcu");
        open.add(p[0]);
        open.add(p[1]);
        return p;
    }

    private MediumBridge bridge(Link upstream, LinkProfile profile, boolean p2p) {
        MediumBridge b = new MediumBridge(upstream, new Medium(profile, 1), FrameSplitter.Framing.HDLC, p2p);
        open.add(b);
        return b;
    }

    private static Link attachAndStart(MediumBridge b, String name, Faults f) {
        Link l = b.attach(name, f);
        b.start();
        return l;
    }

    private static byte[] readFrame(Link l, int length, long timeoutMs) throws Exception {
        byte[] b = new byte[length];
        int got = 0;
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (got < length && System.currentTimeMillis() < deadline) {
            int n = l.read(b, got, length - got, 50);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return java.util.Arrays.copyOf(b, got);
    }

    @Test
    void framesTakeTheirTimeOnTheWireInBothDirections() throws Exception {
        PipeLink[] dcu = pipe();
        // 9600 baud, 8N1: 960 octets per second
        MediumBridge b = bridge(dcu[1], LinkProfile.serial(9600), true);
        Link meter = attachAndStart(b, "m1", new Faults(1));
        byte[] frame = FrameSplitterTest.hdlc(230); // 240 octets on the wire: 250 ms
        long t0 = System.nanoTime();
        dcu[0].write(frame);
        assertThat(readFrame(meter, frame.length, 2000)).isEqualTo(frame);
        long inbound = (System.nanoTime() - t0) / 1_000_000;
        assertThat(inbound).isBetween(240L, 400L);
        t0 = System.nanoTime();
        meter.write(frame);
        meter.write(frame);
        assertThat(readFrame(dcu[0], 2 * frame.length, 2000)).hasSize(2 * frame.length);
        long outbound = (System.nanoTime() - t0) / 1_000_000;
        assertThat(outbound).isBetween(490L, 650L);
    }

    @Test
    void latencyIsAddedToEveryFrame() throws Exception {
        PipeLink[] dcu = pipe();
        Link meter = attachAndStart(bridge(dcu[1], new LinkProfile(0, 150, 0, false), true), "m1", new Faults(1));
        long t0 = System.nanoTime();
        dcu[0].write(FrameSplitterTest.hdlc(5));
        assertThat(readFrame(meter, FrameSplitterTest.hdlc(5).length, 2000)).isNotEmpty();
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(145L, 300L);
    }

    @Test
    void lostFramesNeverArriveButOthersDo() throws Exception {
        PipeLink[] dcu = pipe();
        Link meter = attachAndStart(bridge(dcu[1], new LinkProfile(0, 0, 0.5, false), true), "m1", new Faults(1));
        byte[] frame = FrameSplitterTest.hdlc(5);
        for (int i = 0; i < 200; i++) {
            dcu[0].write(frame);
        }
        byte[] all = readFrame(meter, 200 * frame.length, 500);
        assertThat(all.length % frame.length).isZero();
        assertThat(all.length / frame.length).isBetween(60, 140);
    }

    @Test
    void oneTransmissionOnASharedMediumReachesEveryMeter() throws Exception {
        PipeLink[] dcu = pipe();
        MediumBridge bus = bridge(dcu[1], LinkProfile.serial(96_000), false);
        Link a = bus.attach("a", new Faults(1));
        Link b = attachAndStart(bus, "b", new Faults(2));
        byte[] frame = FrameSplitterTest.hdlc(100);
        dcu[0].write(frame);
        assertThat(readFrame(a, frame.length, 1000)).isEqualTo(frame);
        assertThat(readFrame(b, frame.length, 1000)).isEqualTo(frame);
        a.close();
        assertThat(bus.isOpen()).as("a meter leaving does not close the bus").isTrue();
        b.write(frame);
        assertThat(readFrame(dcu[0], frame.length, 1000)).isEqualTo(frame);
    }

    @Test
    @Tag("ARC-3")
    void aBroadcastReachesEveryMeterEachLosingFramesOnItsOwn() throws Exception {
        PipeLink[] dcu = pipe();
        MediumBridge bus = bridge(dcu[1], new LinkProfile(0, 0, 0.3, true), false);
        Link[] meters = new Link[3];
        for (int i = 0; i < meters.length; i++) {
            meters[i] = bus.attach("m" + i, new Faults(i));
        }
        bus.start();
        int frames = 400;
        for (int n = 0; n < frames; n++) {
            dcu[0].write(new HdlcFrame(HdlcAddress.allStations(1), HdlcAddress.of(0x10),
                    HdlcControl.unnumbered(HdlcControl.Type.UI, false), false, new byte[] {(byte) (n >> 8), (byte) n})
                    .encode());
        }
        java.util.List<java.util.BitSet> got = new ArrayList<>();
        for (Link m : meters) {
            java.util.BitSet seen = new java.util.BitSet();
            HdlcFrameReader reader = new HdlcFrameReader();
            byte[] buf = new byte[4096];
            int n;
            while ((n = m.read(buf, 0, buf.length, 300)) > 0) {
                for (HdlcFrame f : reader.feed(buf, 0, n)) {
                    byte[] info = f.information();
                    seen.set(((info[0] & 0xFF) << 8) | (info[1] & 0xFF));
                }
            }
            assertThat(seen.cardinality()).as("each meter keeps about 70 %").isBetween(240, 320);
            got.add(seen);
        }
        for (int a = 0; a < got.size(); a++) {
            for (int b = a + 1; b < got.size(); b++) {
                java.util.BitSet bothLost = new java.util.BitSet();
                bothLost.set(0, frames);
                bothLost.andNot(got.get(a));
                bothLost.andNot(got.get(b));
                // independent losses: about 0.3 x 0.3 = 9 % lost by both, not 30 %
                assertThat(bothLost.cardinality()).isBetween(15, 70);
            }
        }
    }

    @Test
    void closingThePortOfAPointToPointLinkClosesTheConnection() throws Exception {
        PipeLink[] dcu = pipe();
        Link meter = attachAndStart(bridge(dcu[1], LinkProfile.UNLIMITED, true), "m1", new Faults(1));
        meter.close();
        assertThat(dcu[0].read(new byte[10], 0, 10, 1000)).isEqualTo(-1);
    }

    @Test
    void aMuteMeterSendsNothingAndAGarbledOneSendsGarbage() throws Exception {
        PipeLink[] dcu = pipe();
        Faults faults = new Faults(3);
        Link meter = attachAndStart(bridge(dcu[1], LinkProfile.UNLIMITED, true), "m1", faults);
        byte[] frame = FrameSplitterTest.hdlc(20);
        faults.install(FaultPlan.NONE.withLink(0, 0, true));
        meter.write(frame);
        assertThat(dcu[0].read(new byte[100], 0, 100, 200)).isZero();
        faults.install(FaultPlan.NONE.withLink(0, 1.0, false));
        meter.write(frame);
        byte[] got = readFrame(dcu[0], frame.length, 1000);
        assertThat(got).hasSize(frame.length).isNotEqualTo(frame);
    }
}
