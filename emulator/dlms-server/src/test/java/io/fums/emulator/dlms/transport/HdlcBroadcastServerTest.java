package io.fums.emulator.dlms.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.hdlc.Llc;
import io.fums.dlms.link.Link;
import io.fums.dlms.transport.HdlcBroadcaster;
import io.fums.dlms.transport.HdlcClientTransport;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.emulator.dlms.server.HdlcServerTransport;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.Harness;
import io.fums.emulator.dlms.testing.TestMeter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meter's side of broadcast: UI frames to an all-station address (or to
 * the meter) carry unconfirmed requests that the meter applies within its
 * association with the sending client, and never answers.
 */
class HdlcBroadcastServerTest {

    static final HdlcSettings CLIENT = HdlcSettings.client(0x10, 1, 0x11).withRetries(Duration.ofMillis(300), 3);
    static final byte[] IMAGE = "0123456789AB".getBytes(StandardCharsets.US_ASCII); // 3 blocks of 4
    private TestMeter meter;
    private Harness h;
    private HdlcBroadcaster all;

    @BeforeEach
    void start() {
        meter = new TestMeter("BCAST");
        meter.imageBlockSize = 4;
        h = Harness.start(l -> new HdlcServerTransport(l, HdlcSettings.server(1, 0x11)), meter, ServerSettings.open());
        all = new HdlcBroadcaster(h.clientLink, HdlcAddress.allStations(1), 0x10, 128, 0);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static byte[] block(int n, boolean confirmed) {
        InvokeIdAndPriority iip = confirmed ? InvokeIdAndPriority.of(1) : InvokeIdAndPriority.unconfirmed(1);
        return new ActionRequest.Normal(iip, ImageTransfer.IMAGE_BLOCK_TRANSFER, new ImageTransfer.BlockParameters(n,
                Arrays.copyOfRange(IMAGE, 4 * n, 4 * n + 4)).toDataValue()).encode();
    }

    /** The link, but a client's close() leaves it open. */
    private Link view() {
        Link l = h.clientLink;
        return new Link() {
            @Override public String name() { return l.name(); }

            @Override public int read(byte[] b, int o, int n, long t) throws DlmsException { return l.read(b, o, n, t); }

            @Override public void write(byte[] b, int o, int n) throws DlmsException { l.write(b, o, n); }

            @Override public boolean isOpen() { return l.isOpen(); }

            @Override public void close() { }
        };
    }

    private void assertSilence() throws DlmsException {
        assertThat(h.clientLink.read(new byte[64], 0, 64, 300)).as("the meter answers nothing").isZero();
    }

    private static boolean[] bits(ImageTransferClient it) throws DlmsException {
        DataValue.BitString b = it.transferredBlocks();
        boolean[] out = new boolean[b.bitLength()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    @Test
    void withoutAnAssociationABroadcastIsIgnored() throws Exception {
        int before = meter.requests.get();
        all.send(block(0, false));
        assertSilence();
        HdlcClientTransport linkOnly = HdlcClientTransport.connect(view(), CLIENT); // HDLC connection, no AARQ
        all.send(block(0, false));
        assertSilence();
        linkOnly.disconnect();
        assertThat(meter.requests.get()).isEqualTo(before);
    }

    @Test
    void unconfirmedBlocksByBroadcastAreAppliedAndNeverAnswered() throws Exception {
        try (DlmsClient c = DlmsClient.overHdlc(view(), CLIENT, AssociationSettings.none())) {
            ImageTransferClient it = new ImageTransferClient(c);
            it.enable(true);
            it.initiate("ID".getBytes(StandardCharsets.US_ASCII), IMAGE.length);
            all.send(block(0, false));
            assertSilence();
            new HdlcBroadcaster(h.clientLink, HdlcAddress.allPhysicalDevices(1, 2), 0x10, 128, 0)
                    .send(block(1, false));
            assertSilence();
            assertThat(bits(it)).containsExactly(true, true, false);
            // another client SAP has no association with the meter; a confirmed request by broadcast
            // would ask for an answer nobody may send: both ignored
            new HdlcBroadcaster(h.clientLink, HdlcAddress.allStations(4), 0x01, 128, 0).send(block(2, false));
            all.send(block(2, true));
            assertSilence();
            assertThat(bits(it)).containsExactly(true, true, false);
            assertThat(it.firstNotTransferredBlock()).isEqualTo(2);
            // UI addressed to this meter only: also unconfirmed, also silent
            new HdlcBroadcaster(h.clientLink, HdlcAddress.of(1, 0x11), 0x10, 128, 0).send(block(2, false));
            assertSilence();
            assertThat(it.firstNotTransferredBlock()).isEqualTo(3);
            assertThat(meter.image()).isEqualTo(IMAGE);
        }
    }

    @Test
    void nothingSentToAllStationsIsAnsweredAndTheConnectionSurvives() throws Exception {
        try (DlmsClient c = DlmsClient.overHdlc(view(), CLIENT, AssociationSettings.none())) {
            ImageTransferClient it = new ImageTransferClient(c);
            it.enable(true);
            it.initiate("ID".getBytes(StandardCharsets.US_ASCII), IMAGE.length);
            HdlcAddress bcast = HdlcAddress.allStations(2);
            HdlcAddress me = HdlcAddress.of(0x10);
            // a UI frame with the poll bit, SNRM, DISC, RR and an I frame, all to all stations
            h.clientLink.write(new HdlcFrame(bcast, me, HdlcControl.unnumbered(HdlcControl.Type.UI, true), false,
                    Llc.wrap(block(0, false), true)).encode());
            h.clientLink.write(new HdlcFrame(bcast, me, HdlcControl.unnumbered(HdlcControl.Type.SNRM, true), false,
                    null).encode());
            h.clientLink.write(new HdlcFrame(bcast, me, HdlcControl.unnumbered(HdlcControl.Type.DISC, true), false,
                    null).encode());
            h.clientLink.write(new HdlcFrame(bcast, me, HdlcControl.receiveReady(0, true), false, null).encode());
            h.clientLink.write(new HdlcFrame(bcast, me, HdlcControl.information(0, 0, true), false,
                    Llc.wrap(block(1, false), true)).encode());
            assertSilence();
            assertThat(bits(it)).as("the UI frame counted, the I frame did not").containsExactly(true, false, false);
        }
    }

    @Test
    void keepAlivesToAllStationsHoldTheConnectionOpenPastTheInactivityTimeout() throws Exception {
        TestMeter m = new TestMeter("IDLE");
        HdlcSettings meterSide = HdlcSettings.server(1, 0x11).withIdleTimeouts(Duration.ofSeconds(1),
                Duration.ofMillis(600));
        try (Harness idle = Harness.start(l -> new HdlcServerTransport(l, meterSide), m, ServerSettings.open())) {
            Link l = idle.clientLink;
            Link view = new Link() {
                @Override public String name() { return l.name(); }

                @Override public int read(byte[] b, int o, int n, long t) throws DlmsException {
                    return l.read(b, o, n, t);
                }

                @Override public void write(byte[] b, int o, int n) throws DlmsException { l.write(b, o, n); }

                @Override public boolean isOpen() { return l.isOpen(); }

                @Override public void close() { }
            };
            HdlcBroadcaster b = new HdlcBroadcaster(l, HdlcAddress.allStations(2), 0x10, 128, 0);
            DlmsClient c = DlmsClient.overHdlc(view, CLIENT, AssociationSettings.none());
            ImageTransferClient it = new ImageTransferClient(c);
            for (int i = 0; i < 8; i++) { // 1.6 s, well past the 600 ms inactivity timeout
                Thread.sleep(200); // the behaviour under test: time passes, only keep-alives on the line
                b.keepAlive();
            }
            assertThat(l.read(new byte[64], 0, 64, 100)).as("a keep-alive is not answered").isZero();
            assertThat(it.enabled()).as("the association is still there").isFalse();
            Thread.sleep(1000); // the behaviour under test: silence (a poll would be traffic) makes the meter drop the connection
            assertThatThrownBy(it::enabled).isInstanceOf(DlmsException.class)
                    .hasMessageContaining("dropped the HDLC connection");
            c.abort();
        }
    }

    @Test
    void segmentedUiFramesAreReassembledAndALostSegmentCostsOnlyItsApdus() throws Exception {
        try (DlmsClient c = DlmsClient.overHdlc(view(), CLIENT, AssociationSettings.none())) {
            ImageTransferClient it = new ImageTransferClient(c);
            it.enable(true);
            it.initiate("ID".getBytes(StandardCharsets.US_ASCII), IMAGE.length);
            HdlcBroadcaster small = new HdlcBroadcaster(h.clientLink, HdlcAddress.allStations(1), 0x10, 20, 0);
            small.send(block(0, false));
            assertThat(small.framesSent()).isEqualTo(2);
            assertSilence();
            assertThat(bits(it)).containsExactly(true, false, false);
            // block 1's last segment is lost: block 1 and the next APDU are garbled together, then all is well
            byte[] info = Llc.wrap(block(1, false), true);
            h.clientLink.write(new HdlcFrame(HdlcAddress.allStations(1), HdlcAddress.of(0x10),
                    HdlcControl.unnumbered(HdlcControl.Type.UI, false), true, Arrays.copyOf(info, 20)).encode());
            all.send(block(2, false));
            assertThat(bits(it)).containsExactly(true, false, false);
            all.send(block(1, false));
            all.send(block(2, false));
            assertThat(it.firstNotTransferredBlock()).isEqualTo(3);
            assertThat(meter.image()).isEqualTo(IMAGE);
        }
    }
}
