package io.fums.emulator.dlms.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.hdlc.HdlcControl;
import io.fums.dlms.hdlc.HdlcFrame;
import io.fums.dlms.link.Link;
import io.fums.dlms.link.PipeLink;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.Harness;
import io.fums.emulator.dlms.testing.TestMeter;
import io.fums.dlms.transport.HdlcClientTransport;
import io.fums.emulator.dlms.server.HdlcServerTransport;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.dlms.transport.WrapperTransport;
import io.fums.dlms.wrapper.WrapperPdu;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A meter that sends garbage, floods or stalls gets a clear error for that
 * meter within the configured time, never a hang (SEC-2); a meter session
 * survives garbage from a client.
 */
@Tag("SEC-2")
@Timeout(30)
class HostilePeerTest {

    static final HdlcSettings HDLC = HdlcSettings.client(0x10, 1, 0x11).withRetries(Duration.ofMillis(100), 2);
    static final AssociationSettings QUICK = AssociationSettings.none().withResponseTimeout(Duration.ofMillis(700));

    private final AtomicBoolean stop = new AtomicBoolean();
    private PipeLink[] pipe = PipeLink.pair("hostile");

    @AfterEach
    void stop() {
        stop.set(true);
        pipe[0].close();
    }

    /** The meter end writes {@code chunk()} forever (until the test ends). */
    private void meterSends(java.util.function.Supplier<byte[]> chunk) {
        Thread t = new Thread(() -> {
            try {
                while (!stop.get()) {
                    pipe[1].write(chunk.get());
                    byte[] sink = new byte[4096];
                    pipe[1].read(sink, 0, sink.length, 1);
                }
            } catch (DlmsException e) {
                // link closed
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** The meter end swallows everything and never answers. */
    private void meterStalls() {
        meterSends(() -> new byte[0]);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void hdlcGarbageFloodGivesUnreachableWithinTheRetries() {
        Random r = new Random(1);
        meterSends(() -> {
            byte[] b = new byte[512];
            r.nextBytes(b);
            b[0] = 0x7E;
            return b;
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> HdlcClientTransport.connect(pipe[0], HDLC))
                .isInstanceOf(DlmsException.class).hasMessageStartingWith("pipe hostile (a) hdlc")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
        assertThat(millisSince(start)).isLessThan(2_000);
    }

    @Test
    void hdlcFloodOfValidFramesForSomeoneElseDoesNotHang() {
        byte[] frame = new HdlcFrame(HdlcAddress.of(0x20), HdlcAddress.of(1, 0x11),
                HdlcControl.unnumbered(HdlcControl.Type.UA, true), false, null).encode();
        meterSends(() -> frame);
        long start = System.nanoTime();
        assertThatThrownBy(() -> HdlcClientTransport.connect(pipe[0], HDLC))
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
        assertThat(millisSince(start)).isLessThan(2_000);
    }

    @Test
    void hdlcStallAfterConnectGivesTimeout() throws Exception {
        Thread meter = new Thread(() -> {
            try {
                byte[] buf = new byte[512];
                pipe[1].read(buf, 0, buf.length, 5000); // the SNRM
                pipe[1].write(new HdlcFrame(HdlcAddress.of(0x10), HdlcAddress.of(1, 0x11),
                        HdlcControl.unnumbered(HdlcControl.Type.UA, true), false, null).encode());
                // then half a frame, and silence
                pipe[1].write(new byte[] {0x7E, (byte) 0xA0, 0x40, 0x21, 0x02});
                while (!stop.get()) {
                    pipe[1].read(buf, 0, buf.length, 50);
                }
            } catch (DlmsException e) {
                // closed
            }
        });
        meter.setDaemon(true);
        meter.start();
        long start = System.nanoTime();
        assertThatThrownBy(() -> DlmsClient.overHdlc(pipe[0], HDLC, QUICK))
                .isInstanceOf(DlmsException.class).hasMessageContaining("hdlc")
                .extracting(e -> ((DlmsException) e).isTimeout()).isEqualTo(true);
        assertThat(millisSince(start)).isLessThan(2_000);
    }

    @Test
    void wrapperGarbageIsAProtocolError() {
        meterSends(() -> new byte[] {0x47, 0x45, 0x54, 0x20, 0x2F, 0x20, 0x48, 0x54, 0x54, 0x50});
        long start = System.nanoTime();
        assertThatThrownBy(() -> DlmsClient.overWrapper(pipe[0], 1, 1, QUICK))
                .isInstanceOf(DlmsException.class).hasMessageContaining("unsupported wrapper version")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_PROTOCOL);
        assertThat(millisSince(start)).isLessThan(1_000);
    }

    @Test
    void wrapperStallGivesTimeoutAndFloodOfValidPdusToo() {
        meterStalls();
        long start = System.nanoTime();
        assertThatThrownBy(() -> DlmsClient.overWrapper(pipe[0], 1, 1, QUICK))
                .extracting(e -> ((DlmsException) e).isTimeout()).isEqualTo(true);
        assertThat(millisSince(start)).isBetween(600L, 1_500L);
        stop.set(true);
        pipe = PipeLink.pair("hostile");
        stop.set(false);
        byte[] noise = new WrapperPdu(1, 1, new byte[] {(byte) 0xC4, 1, 0x4F, 0, 9, 0}).encode(); // stale invoke id
        meterSends(() -> noise);
        start = System.nanoTime();
        assertThatThrownBy(() -> DlmsClient.overWrapper(pipe[0], 1, 1, QUICK))
                .isInstanceOf(DlmsException.class);
        assertThat(millisSince(start)).isLessThan(1_500);
    }

    @Test
    void meterSessionSurvivesGarbageFromAClient() throws Exception {
        TestMeter meter = new TestMeter("MTR-TOUGH");
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, HdlcSettings.server(1, 0x11)), meter,
                ServerSettings.open())) {
            Random r = new Random(2);
            Link link = h.clientLink;
            for (int i = 0; i < 200; i++) {
                byte[] b = new byte[500];
                r.nextBytes(b);
                link.write(b);
            }
            // a corrupted frame, and an I frame outside any connection (answered with DM)
            link.write(new byte[] {0x7E, (byte) 0xA0, 0x07, 0x03, 0x21, (byte) 0x93, 0x00, 0x00, 0x7E});
            try (DlmsClient c = DlmsClient.overHdlc(link, HDLC.withRetries(Duration.ofMillis(300), 5),
                    AssociationSettings.none())) {
                assertThat(new MeterObjects(c).deviceId()).isEqualTo("MTR-TOUGH");
            }
        }
        try (Harness h = Harness.start(l -> WrapperTransport.server(l, 1), meter, ServerSettings.open())) {
            WrapperTransport raw = WrapperTransport.client(h.clientLink, 1, 1);
            raw.send(new byte[] {(byte) 0x60, (byte) 0x80, 1, 2}); // malformed AARQ: nothing to answer
            raw.send(new byte[] {(byte) 0xC0, 1}); // before an association: exception-response
            assertThat(raw.receive(2000)[0] & 0xFF).isEqualTo(0xD8);
            assertThat(h.session.associated()).isFalse();
        }
    }
}
