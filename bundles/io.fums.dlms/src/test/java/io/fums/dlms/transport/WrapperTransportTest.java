package io.fums.dlms.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DlmsException;
import io.fums.dlms.link.PipeLink;
import io.fums.dlms.wrapper.WrapperPdu;
import org.junit.jupiter.api.Test;

class WrapperTransportTest {

    @Test
    void serverAnswersTheClientSapFromTheAddressedLogicalDevice() throws Exception {
        PipeLink[] p = PipeLink.pair("w");
        WrapperTransport server = WrapperTransport.server(p[1], -1);
        p[0].write(new WrapperPdu(0x10, 3, new byte[] {1, 2}).encode());
        assertThat(server.receive(1000)).containsExactly(1, 2);
        assertThat(server.peerAddress()).isEqualTo(0x10);
        server.send(new byte[] {9});
        WrapperTransport client = WrapperTransport.client(p[0], 0x10, 3);
        assertThat(client.receive(1000)).containsExactly(9);
        assertThat(client.name()).isEqualTo("pipe w (a) wrapper 16->3");
    }

    @Test
    void serverIgnoresOtherLogicalDevicesAndClientRefusesStrangers() throws Exception {
        PipeLink[] p = PipeLink.pair("w");
        WrapperTransport server = WrapperTransport.server(p[1], 1);
        p[0].write(new WrapperPdu(0x10, 2, new byte[] {1}).encode());
        p[0].write(new WrapperPdu(0x10, 1, new byte[] {2}).encode());
        assertThat(server.receive(1000)).containsExactly(2);
        WrapperTransport client = WrapperTransport.client(p[0], 0x10, 1);
        p[1].write(new WrapperPdu(5, 0x10, new byte[] {3}).encode());
        assertThatThrownBy(() -> client.receive(1000)).hasMessageContaining("PDU from wPort 5 to 16")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_PROTOCOL);
        p[1].close();
        assertThat(client.receive(1000)).isNull(); // end of stream: the meter closed the connection
    }
}
