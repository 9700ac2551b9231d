package io.fums.emulator.dlms.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.DlmsException;
import io.fums.dlms.apdu.ActionRequest;
import io.fums.dlms.apdu.InvokeIdAndPriority;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.client.ImageTransferClient;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.hdlc.HdlcAddress;
import io.fums.dlms.link.Link;
import io.fums.dlms.security.BroadcastChannel;
import io.fums.dlms.transport.HdlcClientTransport;
import io.fums.dlms.transport.HdlcSettings;
import io.fums.dlms.transport.HdlcBroadcaster;
import io.fums.dlms.security.BroadcastKey;
import io.fums.dlms.security.InvocationCounters;
import io.fums.dlms.security.SecurityKeys;
import io.fums.emulator.dlms.server.HdlcServerTransport;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.emulator.dlms.testing.Harness;
import io.fums.emulator.dlms.testing.TestMeter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The meter's side of ciphered broadcast (Green Book 9.2.7.2.4): within its
 * ciphered HLS-GMAC association with the client, an unconfirmed request in a
 * UI frame ciphered with the meter's broadcast key is applied and never
 * answered; a replayed or stale broadcast counter, another broadcast key, a
 * plain request and a meter without a broadcast key change nothing, and the
 * refusals are counted.
 */
@Tag("SEC-3")
class CipheredBroadcastServerTest {

    static final SecurityKeys KEYS = new SecurityKeys(java.util.HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F"),
            java.util.HexFormat.of().parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"));
    static final byte[] GBEK = java.util.HexFormat.of().parseHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF");
    static final byte[] METER_TITLE = java.util.HexFormat.of().parseHex("4D4D4D0000BC614E");
    static final byte[] CLIENT_TITLE = java.util.HexFormat.of().parseHex("4D4D4D0000000001");
    static final HdlcSettings CLIENT = HdlcSettings.client(0x10, 1, 0x11).withRetries(Duration.ofMillis(300), 3);
    static final byte[] IMAGE = "0123456789AB".getBytes(StandardCharsets.US_ASCII); // 3 blocks of 4

    static byte[] block(int n) {
        return new ActionRequest.Normal(InvokeIdAndPriority.unconfirmed(1), ImageTransfer.IMAGE_BLOCK_TRANSFER,
                new ImageTransfer.BlockParameters(n, Arrays.copyOfRange(IMAGE, 4 * n, 4 * n + 4)).toDataValue())
                .encode();
    }

    private static boolean[] bits(ImageTransferClient it) throws DlmsException {
        DataValue.BitString b = it.transferredBlocks();
        boolean[] out = new boolean[b.bitLength()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    /** The link, but a client's close() leaves it open. */
    private static Link view(Link l) {
        return new Link() {
            @Override public String name() { return l.name(); }

            @Override public int read(byte[] b, int o, int n, long t) throws DlmsException { return l.read(b, o, n, t); }

            @Override public void write(byte[] b, int o, int n) throws DlmsException { l.write(b, o, n); }

            @Override public boolean isOpen() { return l.isOpen(); }

            @Override public void close() { }
        };
    }

    /** A ciphered meter (settings changed by {@code meterSettings}) with an association; runs {@code body}. */
    private void withMeter(UnaryOperator<ServerSettings> meterSettings, Body body) throws Exception {
        TestMeter meter = new TestMeter("CBCAST");
        meter.imageBlockSize = 4;
        ServerSettings s = meterSettings.apply(ServerSettings.highGmac(KEYS, METER_TITLE, true));
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, HdlcSettings.server(1, 0x11)), meter, s);
                DlmsClient c = DlmsClient.overHdlc(view(h.clientLink), CLIENT,
                        AssociationSettings.highGmac(KEYS, CLIENT_TITLE, true))) {
            ImageTransferClient it = new ImageTransferClient(c);
            it.enable(true);
            it.initiate("ID".getBytes(StandardCharsets.US_ASCII), IMAGE.length);
            HdlcBroadcaster all = new HdlcBroadcaster(h.clientLink, HdlcAddress.allStations(1), 0x10, 128, 0);
            body.run(all, it, meter, h);
        }
    }

    @FunctionalInterface
    private interface Body {
        void run(HdlcBroadcaster all, ImageTransferClient it, TestMeter meter, Harness h) throws Exception;
    }

    private static void assertSilence(Harness h) throws DlmsException {
        assertThat(h.clientLink.read(new byte[64], 0, 64, 300)).as("the meter answers nothing").isZero();
    }

    @Test
    void blocksCipheredWithTheBroadcastKeyAreAppliedAndReplaysRefusedAndCounted() throws Exception {
        InvocationCounters meterSide = new InvocationCounters();
        withMeter(s -> s.withBroadcast(new BroadcastKey(GBEK, KEYS.authenticationKey(), meterSide)),
                (all, it, meter, h) -> {
                    BroadcastChannel dcu = new BroadcastChannel(CLIENT_TITLE, GBEK, KEYS.authenticationKey(),
                            new InvocationCounters(), 0);
                    byte[] b0 = dcu.protect(block(0)); // IC 1
                    byte[] b1 = dcu.protect(block(1)); // IC 2
                    all.send(b1);
                    assertSilence(h);
                    assertThat(bits(it)).containsExactly(false, true, false);
                    all.send(b0); // stale: below the last broadcast accepted
                    all.send(b1); // replayed
                    assertSilence(h);
                    assertThat(bits(it)).as("a stale or replayed broadcast changes nothing")
                            .containsExactly(false, true, false);
                    assertThat(meterSide.replaysRefused()).isEqualTo(2);
                    assertThat(meterSide.lastReceived()).isEqualTo(2);
                    all.send(dcu.protect(block(0)));
                    all.send(dcu.protect(block(2)));
                    assertThat(it.firstNotTransferredBlock()).isEqualTo(3);
                    assertThat(meter.image()).isEqualTo(IMAGE);
                });
    }

    @Test
    void anotherBroadcastKeyAPlainRequestOrNoBroadcastKeyChangeNothing() throws Exception {
        InvocationCounters meterSide = new InvocationCounters();
        withMeter(s -> s.withBroadcast(new BroadcastKey(GBEK, KEYS.authenticationKey(), meterSide)),
                (all, it, meter, h) -> {
                    all.send(new BroadcastChannel(CLIENT_TITLE, new byte[16], KEYS.authenticationKey(),
                            new InvocationCounters(), 0).protect(block(0)));
                    all.send(block(1)); // plain, in a ciphered association
                    assertSilence(h);
                    assertThat(bits(it)).containsExactly(false, false, false);
                    assertThat(meterSide.authenticationFailures()).isEqualTo(1);
                    assertThat(meterSide.lastReceived()).isEqualTo(-1);
                });
        withMeter(UnaryOperator.identity(), (all, it, meter, h) -> {
            all.send(new BroadcastChannel(CLIENT_TITLE, GBEK, KEYS.authenticationKey(), new InvocationCounters(), 0)
                    .protect(block(0)));
            assertSilence(h);
            assertThat(bits(it)).as("a meter without a broadcast key").containsExactly(false, false, false);
        });
    }

    @Test
    void aConfirmedRequestCipheredWithTheBroadcastKeyIsRefused() throws Exception {
        TestMeter meter = new TestMeter("CBCAST");
        meter.imageBlockSize = 4;
        InvocationCounters meterSide = new InvocationCounters();
        ServerSettings s = ServerSettings.highGmac(KEYS, METER_TITLE, true)
                .withBroadcast(new BroadcastKey(GBEK, KEYS.authenticationKey(), meterSide));
        try (Harness h = Harness.start(l -> new HdlcServerTransport(l, HdlcSettings.server(1, 0x11)), meter, s)) {
            HdlcClientTransport t = HdlcClientTransport.connect(view(h.clientLink), CLIENT);
            try (DlmsClient c = DlmsClient.open(t, AssociationSettings.highGmac(KEYS, CLIENT_TITLE, true))) {
                ImageTransferClient it = new ImageTransferClient(c);
                it.enable(true);
                it.initiate("ID".getBytes(StandardCharsets.US_ASCII), IMAGE.length);
                byte[] confirmed = new ActionRequest.Normal(InvokeIdAndPriority.of(3),
                        ImageTransfer.IMAGE_BLOCK_TRANSFER, new ImageTransfer.BlockParameters(0,
                                Arrays.copyOf(IMAGE, 4)).toDataValue()).encode();
                t.send(new BroadcastChannel(CLIENT_TITLE, GBEK, KEYS.authenticationKey(), new InvocationCounters(), 0)
                        .protect(confirmed));
                byte[] answer = t.receive(2000);
                assertThat(answer[0] & 0xFF).as("exception-response, in clear").isEqualTo(0xD8);
                assertThat(bits(it)).containsExactly(false, false, false);
            }
        }
    }
}
