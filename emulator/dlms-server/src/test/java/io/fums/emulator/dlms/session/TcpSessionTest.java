package io.fums.emulator.dlms.session;

import static io.fums.emulator.dlms.session.AssociationTest.DCU_TITLE;
import static io.fums.emulator.dlms.session.AssociationTest.KEYS;
import static io.fums.emulator.dlms.session.AssociationTest.METER_TITLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.MeterObjects;
import io.fums.dlms.link.TcpLink;
import io.fums.emulator.dlms.server.DlmsTcpServer;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.TestMeter;
import io.fums.emulator.dlms.server.HdlcServerTransport;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.dlms.transport.WrapperTransport;
import io.fums.testsupport.Conditions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Client and server over a real TCP socket on 127.0.0.1: the wrapper, and HDLC over TCP. */
@Tag("CARD-4")
class TcpSessionTest {

    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void wrapperOverTcpWithCipheringAndBlocks() throws Exception {
        TestMeter meter = new TestMeter("MTR-TCP");
        ServerSettings s = ServerSettings.highGmac(KEYS, METER_TITLE, true).withMaxReceivePduSize(512);
        try (DlmsTcpServer server = DlmsTcpServer.start(LOOPBACK, l -> WrapperTransport.server(l, 1), meter, s, 1)) {
            TcpLink link = TcpLink.connect("127.0.0.1", server.port(), Duration.ofSeconds(2));
            assertThat(link.name()).isEqualTo("tcp 127.0.0.1:" + server.port());
            try (DlmsClient c = DlmsClient.overWrapper(link, 1, 1, AssociationSettings.highGmac(KEYS, DCU_TITLE, true)
                    .withMaxReceivePduSize(400))) {
                assertThat(new MeterObjects(c).deviceId()).isEqualTo("MTR-TCP");
                byte[] big = new byte[50_000];
                new Random(5).nextBytes(big);
                c.set(TestMeter.BLOB, new DataValue.OctetString(big));
                assertThat(c.get(TestMeter.BLOB)).isEqualTo(new DataValue.OctetString(big));
            }
            assertThat(link.isOpen()).isFalse();
        }
    }

    @Test
    void hdlcOverTcp() throws Exception {
        TestMeter meter = new TestMeter("MTR-HDLC-TCP");
        try (DlmsTcpServer server = DlmsTcpServer.start(LOOPBACK,
                l -> new HdlcServerTransport(l, HdlcSettings.server(1, 17).withMaxInfo(128, 128)), meter,
                ServerSettings.open(), 1)) {
            for (int i = 0; i < 2; i++) { // the session slot is freed when a connection ends: the second waits for it
                Conditions.await("a free session slot").ignoreExceptions().untilAsserted(() -> {
                    try (DlmsClient c = DlmsClient.overHdlc(TcpLink.connect("127.0.0.1", server.port(),
                            Duration.ofSeconds(2)), HdlcSettings.client(0x10, 1, 17), AssociationSettings.none())) {
                        assertThat(new MeterObjects(c).deviceId()).isEqualTo("MTR-HDLC-TCP");
                        assertThat(c.action(TestMeter.ECHO, new DataValue.OctetString(new byte[3000])))
                                .isEqualTo(new DataValue.OctetString(new byte[3000]));
                    }
                });
            }
        }
    }

    /** The emulator's way: one acceptor for many meters, each on its own port. */
    @Test
    void oneServerManyMetersOnTheirOwnPorts() throws Exception {
        try (DlmsTcpServer server = new DlmsTcpServer(l -> WrapperTransport.server(l, 1))) {
            int[] ports = new int[50];
            for (int i = 0; i < ports.length; i++) {
                ports[i] = server.listen(LOOPBACK, new TestMeter("MTR" + i), ServerSettings.open(), 1);
            }
            for (int i = 0; i < ports.length; i += 7) {
                try (DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", ports[i],
                        Duration.ofSeconds(2)), 0x10, 1, AssociationSettings.none())) {
                    assertThat(new MeterObjects(c).deviceId()).isEqualTo("MTR" + i);
                }
            }
            server.unlisten(ports[0]);
            assertThatThrownBy(() -> TcpLink.connect("127.0.0.1", ports[0], Duration.ofSeconds(1)))
                    .isInstanceOf(DlmsException.class);
        }
    }

    @Test
    void idleConnectionIsClosedByTheMeter() throws Exception {
        try (DlmsTcpServer server = DlmsTcpServer.start(LOOPBACK, l -> WrapperTransport.server(l, 1),
                new TestMeter("M"), ServerSettings.open().withIdleTimeout(Duration.ofMillis(200)), 1)) {
            TcpLink idle = TcpLink.connect("127.0.0.1", server.port(), Duration.ofSeconds(1));
            long start = System.nanoTime();
            assertThat(idle.read(new byte[8], 0, 8, 5_000)).isEqualTo(-1);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 2_000L);
        }
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> TcpLink.connect("127.0.0.1", port, Duration.ofSeconds(1)))
                .isInstanceOf(DlmsException.class).hasMessageStartingWith("tcp 127.0.0.1:" + port + ": cannot connect")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_UNREACHABLE);
    }
}
