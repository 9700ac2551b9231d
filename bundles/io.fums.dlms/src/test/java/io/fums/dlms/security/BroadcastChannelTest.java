package io.fums.dlms.security;

import static io.fums.dlms.internal.Hex.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fums.api.error.ErrorCode;
import io.fums.dlms.DecodeLimits;
import io.fums.dlms.DlmsException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Broadcast ciphering with the global broadcast encryption key (Green Book
 * 9.2.7.2.4: SC bit 6 = key set, 1 = broadcast key; AAD SC || AK, IV the
 * sender's system title || IC, 12-byte tag). The expected APDUs were computed
 * outside this code base with an independent AES-GCM (Python
 * {@code cryptography} AESGCM, tag cut to 12 octets) from the Green Book's
 * example keys (table 40: EK 00..0F used as the GBEK, AK D0..DF) and the client
 * system title 4D4D4D0000000001, not from our own output.
 */
@Tag("SEC-3")
class BroadcastChannelTest {

    static final byte[] GBEK = parse("000102030405060708090A0B0C0D0E0F");
    static final byte[] AK = parse("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
    static final byte[] CLIENT_TITLE = parse("4D4D4D0000000001");
    /** Unconfirmed ACTION-Request-Normal, image_block_transfer of block 0 = DE AD BE EF (invoke id 1, high priority). */
    static final byte[] BLOCK0 = parse("C3 01 81 0012 00002C0000FF 02 01 0202 06 00000000 09 04 DEADBEEF");
    static final byte[] SUITE0 = parse("CB 2B 70 01234567 6BE439F771B7E0729CD30503DBB915B391E62D099F9E0416A93B"
            + " 18463D2ADCAF6487D57EAA8D");
    static final byte[] SUITE1 = parse("CB 2B 71 01234567 6BE439F771B7E0729CD30503DBB915B391E62D099F9E0416A93B"
            + " AE898BBCBF11145B71934885");

    static BroadcastChannel sender(long nextIc, int suite) {
        return new BroadcastChannel(CLIENT_TITLE, GBEK, AK, new InvocationCounters(nextIc, -1), suite);
    }

    static BroadcastChannel receiver(InvocationCounters c) {
        return new BroadcastChannel(CLIENT_TITLE, GBEK, AK, c, 0);
    }

    @Test
    void protectsWithTheBroadcastKeySetBitAsAnIndependentAesGcmDoes() throws DlmsException {
        assertThat(sender(0x01234567L, 0).protect(BLOCK0)).isEqualTo(SUITE0);
        assertThat(sender(0x01234567L, 1).protect(BLOCK0)).isEqualTo(SUITE1);
        assertThat(BroadcastChannel.isBroadcastCiphered(SUITE0)).isTrue();
        assertThat(BroadcastChannel.isBroadcastCiphered(parse("C8 1E 30 01234567 411312FF935A47566827C467BC"
                + " 7D825C3BE4A77C3FCC056B6B"))).as("Green Book table 40, unicast key").isFalse();
        InvocationCounters c = new InvocationCounters();
        assertThat(receiver(c).unprotect(SUITE0, DecodeLimits.DEFAULT)).isEqualTo(BLOCK0);
        assertThat(c.lastReceived()).isEqualTo(0x01234567L);
    }

    @Test
    void aReplayedBroadcastIsRefusedAndCountedAndChangesNothing() throws DlmsException {
        InvocationCounters c = new InvocationCounters();
        BroadcastChannel meter = receiver(c);
        BroadcastChannel dcu = sender(1, 0);
        byte[] first = dcu.protect(BLOCK0);
        byte[] second = dcu.protect(BLOCK0);
        assertThat(meter.unprotect(second, DecodeLimits.DEFAULT)).isEqualTo(BLOCK0);
        assertThatThrownBy(() -> meter.unprotect(second, DecodeLimits.DEFAULT))
                .hasMessageContaining("replayed broadcast invocation counter 2")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        assertThatThrownBy(() -> meter.unprotect(first, DecodeLimits.DEFAULT))
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        assertThat(c.replaysRefused()).isEqualTo(2);
        assertThat(c.lastReceived()).isEqualTo(2);
    }

    @Test
    void aWrongKeyATamperedFrameOrAnotherKeySetIsRefused() throws DlmsException {
        InvocationCounters c = new InvocationCounters();
        BroadcastChannel meter = receiver(c);
        byte[] wrongKey = new BroadcastChannel(CLIENT_TITLE, new byte[16], AK, new InvocationCounters(5, -1), 0)
                .protect(BLOCK0);
        assertThatThrownBy(() -> meter.unprotect(wrongKey, DecodeLimits.DEFAULT))
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        byte[] tampered = SUITE0.clone();
        tampered[12] ^= 1;
        assertThatThrownBy(() -> meter.unprotect(tampered, DecodeLimits.DEFAULT))
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_AUTH_FAILED);
        assertThat(c.authenticationFailures()).isEqualTo(2);
        assertThat(c.lastReceived()).as("a frame that fails changes nothing").isEqualTo(-1);
        // the same frame relabelled as unicast-key (SC 0x30): not a broadcast of this channel
        byte[] unicast = SUITE0.clone();
        unicast[2] = 0x30;
        assertThatThrownBy(() -> meter.unprotect(unicast, DecodeLimits.DEFAULT))
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_PROTOCOL);
        assertThatThrownBy(() -> meter.unprotect(SUITE1, DecodeLimits.DEFAULT))
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_PROTOCOL);
        // a unicast association refuses a broadcast-key APDU outright
        SecureChannel association = new SecureChannel(parse("4D4D4D0000BC614E"), CLIENT_TITLE,
                new SecurityKeys(GBEK, AK), null, new InvocationCounters());
        assertThatThrownBy(() -> association.unprotect(SUITE0, DecodeLimits.DEFAULT))
                .hasMessageContaining("broadcast key set")
                .extracting(e -> ((DlmsException) e).code()).isEqualTo(ErrorCode.METER_PROTOCOL);
        assertThat(meter.unprotect(SUITE0, DecodeLimits.DEFAULT)).isEqualTo(BLOCK0);
    }

    @Test
    void theKeysNeverShow() {
        BroadcastKey k = new BroadcastKey(GBEK, AK, new InvocationCounters());
        assertThat(k.toString()).doesNotContain("0001").doesNotContain("D0D1").contains("hidden");
        assertThatThrownBy(() -> new BroadcastKey(new byte[15], AK, new InvocationCounters()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
