package io.fums.emulator.dlms.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.hdlc.HdlcFrameReader;
import io.fums.dlms.hdlc.HdlcParameters;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.PipeLink;
import io.fums.dlms.transport.ApduTransport;
import io.fums.dlms.transport.HdlcClientTransport;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.dlms.server.HdlcServerTransport;
import io.fums.emulator.dlms.server.CosemObjectModel;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.Harness;
import io.fums.emulator.dlms.testing.LossyLink;
import io.fums.emulator.dlms.testing.TestMeter;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HDLC link layer in both roles over in-memory pipes: negotiation, segmentation, windows, loss, DISC/DM. */
@Tag("CARD-4")
class HdlcTransportTest {

    static final HdlcSettings CLIENT = HdlcSettings.client(0x10, 1, 0x11)
            .withRetries(Duration.ofMillis(150), 10);
    static final HdlcSettings SERVER = HdlcSettings.server(1, 0x11);

    @Test
    void snrmUaNegotiatesTheSmallerValues() throws Exception {
        HdlcSettings meter = SERVER.withMaxInfo(100, 2030).withWindow(7, 1);
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, meter), new TestMeter("M"),
                ServerSettings.open())) {
            HdlcClientTransport t = HdlcClientTransport.connect(h.clientLink,
                    CLIENT.withMaxInfo(128, 256).withWindow(3, 2));
            assertThat(t.negotiated()).isEqualTo(new HdlcParameters(128, 100, 1, 2));
            t.close();
        }
    }

    @ParameterizedTest(name = "max info {0}, window {1}")
    @CsvSource({"32, 1", "32, 3", "64, 7", "2030, 7"})
    void segmentsLongApdusBothWays(int maxInfo, int window) throws Exception {
        TestMeter meter = new TestMeter("MTR-HDLC");
        HdlcSettings s = CLIENT.withMaxInfo(maxInfo, maxInfo).withWindow(window, window);
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, SERVER), meter, ServerSettings.open()
                .withMaxReceivePduSize(0xFFFF));
                DlmsClient c = DlmsClient.overHdlc(h.clientLink, s, AssociationSettings.none())) {
            byte[] big = new byte[9_000];
            new Random(4).nextBytes(big);
            assertThat(c.action(TestMeter.ECHO, new DataValue.OctetString(big)))
                    .isEqualTo(new DataValue.OctetString(big));
            assertThat(new MeterObjects(c).deviceId()).isEqualTo("MTR-HDLC");
        }
    }

    @Test
    void recoversFromLostFramesInBothDirections() throws Exception {
        TestMeter meter = new TestMeter("MTR-LOSSY");
        LossyLink[] server = new LossyLink[1];
        Random dice = new Random(62056);
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, SERVER), meter, ServerSettings.open()
                .withMaxReceivePduSize(0xFFFF), l -> server[0] = new LossyLink(l, i -> i > 0 && i % 7 == 3))) {
            LossyLink client = new LossyLink(h.clientLink, i -> i > 1 && dice.nextInt(8) == 0);
            long start = System.nanoTime();
            try (DlmsClient c = DlmsClient.overHdlc(client, CLIENT.withMaxInfo(48, 48).withWindow(3, 3)
                    .withRetries(Duration.ofMillis(60), 10),
                    AssociationSettings.none().withResponseTimeout(Duration.ofSeconds(20)))) {
                for (int round = 0; round < 2; round++) {
                    byte[] big = new byte[2_000 + round * 500];
                    dice.nextBytes(big);
                    assertThat(c.action(TestMeter.ECHO, new DataValue.OctetString(big)))
                            .isEqualTo(new DataValue.OctetString(big));
                    c.set(TestMeter.BLOB, new DataValue.OctetString(big));
                    assertThat(meter.blob).isEqualTo(big);
                }
            }
            System.out.printf("lossy HDLC: %d of %d client frames and %d of %d meter frames lost, %d ms%n",
                    client.dropped(), client.writes(), server[0].dropped(), server[0].writes(),
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(server[0].dropped()).isGreaterThan(5);
            assertThat(client.dropped()).isGreaterThan(5);
        }
    }

    /** A meter slower than the response timeout: the polls cross its answer, later exchanges stay in step. */
    @Test
    void slowMeterAnswersAreNotConfusedByCrossingPolls() throws Exception {
        TestMeter fast = new TestMeter("MTR-SLOW");
        CosemObjectModel slow = new CosemObjectModel() {
            @Override
            public GetOutcome get(CosemAttributeDescriptor a, SelectiveAccess access) {
                return fast.get(a, access);
            }

            @Override
            public DataAccessResult set(CosemAttributeDescriptor a, DataValue value) {
                return fast.set(a, value);
            }

            @Override
            public ActionOutcome action(CosemMethodDescriptor m, DataValue p) {
                try {
                    Thread.sleep(350); // the behaviour under test: a meter slower than the response timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return fast.action(m, p);
            }
        };
        LossyLink[] meterSide = new LossyLink[1];
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, SERVER), slow, ServerSettings.open(),
                l -> meterSide[0] = new LossyLink(l, i -> false));
                DlmsClient c = DlmsClient.overHdlc(h.clientLink, CLIENT.withRetries(Duration.ofMillis(100), 10)
                        .withWindow(1, 1), AssociationSettings.none())) {
            for (int i = 0; i < 3; i++) {
                DataValue v = new DataValue.OctetString(new byte[] {(byte) i});
                assertThat(c.action(TestMeter.ECHO, v)).isEqualTo(v);
                assertThat(new MeterObjects(c).deviceId()).isEqualTo("MTR-SLOW");
            }
            // per slow exchange: the answer, at most one repeat per crossing poll, the RR to the last poll
            assertThat(meterSide[0].writes()).isLessThan(40);
        }
    }

    @Test
    void answersDmOutsideAConnectionAndUaToDisc() throws Exception {
        PipeLink[] pipe = PipeLink.pair("raw");
        HdlcServerTransport server = new HdlcServerTransport(pipe[1], SERVER);
        Thread t = new Thread(() -> {
            try {
                while (server.receive(10_000) != null || server.isOpen()) {
                    // serve link frames only; no APDU is expected
                }
            } catch (DlmsException e) {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
        HdlcAddress me = HdlcAddress.of(0x10);
        HdlcAddress meterAddress = HdlcAddress.of(1, 0x11);
        Raw raw = new Raw(pipe[0]);
        raw.send(new HdlcFrame(meterAddress, me, HdlcControl.receiveReady(0, true), false, null));
        assertThat(raw.next().control().type()).isEqualTo(HdlcControl.Type.DM);
        raw.send(new HdlcFrame(meterAddress, me, HdlcControl.unnumbered(HdlcControl.Type.DISC, true), false, null));
        assertThat(raw.next().control().type()).isEqualTo(HdlcControl.Type.DM);
        raw.send(new HdlcFrame(HdlcAddress.of(2, 0x11), me, HdlcControl.unnumbered(HdlcControl.Type.SNRM, true),
                false, null)); // another meter's address: ignored
        raw.send(new HdlcFrame(meterAddress, me, HdlcControl.unnumbered(HdlcControl.Type.SNRM, true), false, null));
        HdlcFrame ua = raw.next();
        assertThat(ua.control().type()).isEqualTo(HdlcControl.Type.UA);
        assertThat(ua.source()).isEqualTo(meterAddress);
        assertThat(HdlcParameters.decode(ua.information())).isEqualTo(HdlcParameters.DEFAULT);
        raw.send(new HdlcFrame(meterAddress, me, HdlcControl.unnumbered(HdlcControl.Type.DISC, true), false, null));
        assertThat(raw.next().control().type()).isEqualTo(HdlcControl.Type.UA);
        pipe[0].close();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void reconnectsAfterDiscAndServesANewAssociation() throws Exception {
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, SERVER), new TestMeter("MTR-R"),
                ServerSettings.open())) {
            for (int i = 0; i < 3; i++) {
                HdlcClientTransport t = HdlcClientTransport.connect(h.clientLink, CLIENT);
                DlmsClient c = DlmsClient.open(new KeepLinkOpen(t), AssociationSettings.none());
                assertThat(new MeterObjects(c).deviceId()).isEqualTo("MTR-R");
                c.close();
            }
        }
    }

    @Test
    void wrongServerAddressGivesUnreachableWithinTheRetries() throws Exception {
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, SERVER), new TestMeter("M"),
                ServerSettings.open())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> HdlcClientTransport.connect(h.clientLink, HdlcSettings.client(0x10, 1, 0x12)
                    .withRetries(Duration.ofMillis(100), 2)))
                    .isInstanceOf(DlmsException.class).hasMessageContaining("no UA to SNRM after 3 attempt(s)")
                    .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 2_000L);
        }
    }

    /** Frames to and from a link, for tests that play the other station by hand. */
    static final class Raw {
        private final Link link;
        private final HdlcFrameReader reader = new HdlcFrameReader();
        private final java.util.ArrayDeque<HdlcFrame> frames = new java.util.ArrayDeque<>();

        Raw(Link link) {
            this.link = link;
        }

        void send(HdlcFrame f) throws DlmsException {
            link.write(f.encode());
        }

        HdlcFrame next() throws DlmsException {
            byte[] buf = new byte[512];
            while (frames.isEmpty()) {
                int n = link.read(buf, 0, buf.length, 5000);
                if (n <= 0) {
                    throw new AssertionError("no frame");
                }
                frames.addAll(reader.feed(buf, 0, n));
            }
            return frames.poll();
        }
    }

    /** A transport whose close() sends DISC but keeps the link for the next connection. */
    static final class KeepLinkOpen implements ApduTransport {
        private final HdlcClientTransport t;

        KeepLinkOpen(HdlcClientTransport t) {
            this.t = t;
        }

        @Override public String name() { return t.name(); }
        @Override public void send(byte[] apdu) throws DlmsException { t.send(apdu); }
        @Override public byte[] receive(long timeoutMillis) throws DlmsException { return t.receive(timeoutMillis); }
        @Override public int peerAddress() { return t.peerAddress(); }
        @Override public boolean isOpen() { return t.isOpen(); }
        @Override public void close() { t.disconnect(); }
    }
}
